using System.Net;
using ARSoft.Tools.Net.Dns;
using Registry.Dns.Answers;

namespace Registry.Dns.Transport;

/// <summary>
/// The remote end of one of our connections, as ARSoft.Tools.Net passes it to <c>QueryReceived</c>, carrying the
/// pooled responses answered on that connection until they are sent. ARSoft (3.6.1) encodes a response, possibly
/// truncates and re-encodes it, then hands the bytes of its last encoding to the connection's <c>SendAsync</c>
/// and never touches the response again; it answers a TCP connection's queries concurrently. So a response is
/// returned to its pool only by the send of the very buffer it was last encoded into: a send of anything else
/// (another query's answer, a failure response ARSoft substituted) returns nothing, and a response that is
/// never sent, or finds no free slot, is simply not pooled again.
/// </summary>
internal sealed class PeerEndPoint(IPEndPoint remote, int slots) : IPEndPoint(remote.Address, remote.Port)
{
    private readonly ResponseMessage?[] _held = new ResponseMessage?[slots];

    /// <summary>Keeps <paramref name="response"/> until its send; false (not pooled again) when every slot is taken.</summary>
    public bool Hold(ResponseMessage response)
    {
        for (var i = 0; i < _held.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _held[i], response, null) is null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Returns to its pool the held response whose last encoding is <paramref name="sent"/>, once sent.</summary>
    public void Release(DnsRawPackage sent)
    {
        // The same array either way; the form with the length header would box a segment to rewrite that header.
        var buffer = sent.ToArraySegment(includeLengthHeader: false).Array;
        for (var i = 0; i < _held.Length; i++)
        {
            if (Volatile.Read(ref _held[i]) is { } held && ReferenceEquals(held.EncodedInto, buffer)
                && ReferenceEquals(Interlocked.CompareExchange(ref _held[i], null, held), held))
            {
                held.Return();
                return;
            }
        }
    }
}
