using System.Text;
using Registry.Catalog.Model;
using Registry.Dns.Naming;
using Registry.Dns.Options;
using Registry.Dns.Wire;

namespace Registry.Dns.Answers;

/// <summary>
/// Turns one query message into one response message, in caller-provided buffers, from the local catalog.
/// Transport-agnostic and thread-safe; per-caller state lives in a <see cref="ResponderScratch"/>.
/// The steady state allocates nothing: names are matched in place, answers are copied from per-service
/// <see cref="ServiceAnswerSet"/>s that are rebuilt only when the service's index changes.
/// </summary>
internal sealed class DnsResponder
{
    /// <summary>Bytes an SOA record takes when its names are pointers into the question (see <see cref="WriteSoa"/>).</summary>
    private const int SoaRecordSize = 2 + 10 + SoaRdataSize;
    private const int SoaRdataSize = 3 + 2 + 11 + 2 + 20;
    private const int RecordOverhead = 2 + 10;
    private const int TcpLimit = ushort.MaxValue;

    /// <summary>
    /// What <see cref="Respond"/> returns instead of a length for a name outside our domains when recursors are
    /// configured: the transport forwards the query and answers <see cref="ServerFailure"/> if none replies.
    /// </summary>
    public const int ForwardToRecursor = -1;

    private readonly IServiceCatalog _catalog;
    private readonly DnsZone _zone;
    private readonly TtlPolicy _ttls;
    private readonly TimeProvider _time;
    private readonly bool _onlyPassing;
    private readonly bool _forwardOutOfZone;
    private readonly ushort _maxUdpPayload;
    private volatile ServiceDirectory _services = ServiceDirectory.Empty;
    private volatile NodeDirectory _nodes = NodeDirectory.Empty;

    public DnsResponder(IServiceCatalog catalog, DnsOptions options, TimeProvider time)
    {
        _catalog = catalog;
        _zone = new DnsZone(options);
        _ttls = new TtlPolicy(options);
        _time = time;
        _onlyPassing = options.OnlyPassing;
        _forwardOutOfZone = options.Recursors.Count > 0;
        if (options.MaxUdpPayload is < HeaderFlags.ClassicUdpLimit or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{DnsOptions.Section}:MaxUdpPayload must be 512 to 65535.");
        }
        _maxUdpPayload = (ushort)options.MaxUdpPayload;
    }

    /// <summary>The response buffer size a UDP loop needs.</summary>
    public int MaxUdpResponse => _maxUdpPayload;

    /// <summary>The response buffer size a TCP connection needs.</summary>
    public static int MaxTcpResponse => TcpLimit;

    /// <summary>
    /// Writes the response to <paramref name="query"/> into <paramref name="response"/> and returns its length,
    /// or 0 when the message deserves no answer. Over UDP the response is limited to 512 bytes, or to the
    /// client's EDNS0 payload size capped at ours, and carries TC when answers had to be left out.
    /// </summary>
    public int Respond(ReadOnlySpan<byte> query, Span<byte> response, bool overUdp, ResponderScratch scratch)
    {
        var q = DnsQuery.Parse(query, scratch.LabelStarts);
        switch (q.Status)
        {
            case QueryStatus.Drop:
                return 0;
            case QueryStatus.FormatError:
                return HeaderOnly(q, response, ResponseCode.FormErr);
            case QueryStatus.NotImplemented:
                return HeaderOnly(q, response, ResponseCode.NotImp);
        }

        var limit = !overUdp ? TcpLimit : q.HasOpt ? Math.Clamp((int)q.UdpPayloadSize, HeaderFlags.ClassicUdpLimit, _maxUdpPayload) : HeaderFlags.ClassicUdpLimit;
        var writer = new ResponseWriter(response, limit);
        writer.WriteQuestion(query[HeaderFlags.HeaderSize..q.QuestionEnd]);
        if (q.HasOpt)
        {
            writer.ReserveForOpt();
        }

        var truncated = false;
        var authoritative = false;
        var code = Rejection(q);
        if (code == ResponseCode.NoError)
        {
            var target = NameClassifier.Classify(query, scratch.LabelStarts.AsSpan(0, q.LabelCount), _zone);
            if (target.Kind == TargetKind.OutOfZone && _forwardOutOfZone)
            {
                return ForwardToRecursor;
            }
            if (target.Kind == TargetKind.OutOfZone)
            {
                code = ResponseCode.Refused;
            }
            else
            {
                authoritative = true;
                var outcome = Answer(query, q.QType, target, ref writer, scratch, ref truncated);
                code = outcome == Outcome.NxDomain ? ResponseCode.NxDomain : ResponseCode.NoError;
                if (outcome != Outcome.Answered)
                {
                    // RFC 2308: negative answers carry the zone's SOA so resolvers can cache them.
                    WriteSoa(ref writer, Section.Authority, target.DomainOffset);
                }
            }
        }

        if (q.HasOpt)
        {
            writer.WriteOpt(_maxUdpPayload, code);
        }
        var flags = (ushort)(HeaderFlags.Response | (q.Flags & (HeaderFlags.OpcodeMask | HeaderFlags.RecursionDesired))
            | (authoritative ? HeaderFlags.Authoritative : 0) | (truncated ? HeaderFlags.Truncated : 0) | ((int)code & 0xF));
        return writer.Finish(q.Id, flags, hasQuestion: true);
    }

    /// <summary>Why a well-formed query is not looked up at all, or <see cref="ResponseCode.NoError"/> when it is.</summary>
    private static ResponseCode Rejection(in DnsQuery q) => q switch
    {
        { HasOpt: true, EdnsVersion: not 0 } => ResponseCode.BadVers,
        { QType: RecordType.Opt } => ResponseCode.FormErr,
        { QClass: not (RecordClass.In or RecordClass.Any) } or { QType: RecordType.Axfr or RecordType.Ixfr } => ResponseCode.Refused,
        { QType: RecordType.MailA or RecordType.MailB } => ResponseCode.NotImp,
        _ => ResponseCode.NoError,
    };

    /// <summary>SERVFAIL echoing the question of <paramref name="query"/>, a query <see cref="Respond"/> asked to forward.</summary>
    public static int ServerFailure(ReadOnlySpan<byte> query, Span<byte> response)
    {
        var q = DnsQuery.Parse(query, stackalloc int[DnsQuery.MaxLabels]);
        var writer = new ResponseWriter(response, TcpLimit);
        writer.WriteQuestion(query[HeaderFlags.HeaderSize..q.QuestionEnd]);
        var flags = (ushort)(HeaderFlags.Response | (q.Flags & (HeaderFlags.OpcodeMask | HeaderFlags.RecursionDesired)) | (int)ResponseCode.ServFail);
        return writer.Finish(q.Id, flags, hasQuestion: true);
    }

    public static ResponderScratch CreateScratch() => new(Random.Shared.Next());

    private Outcome Answer(ReadOnlySpan<byte> query, ushort qtype, in QueryTarget target, ref ResponseWriter writer, ResponderScratch scratch, ref bool truncated)
    {
        switch (target.Kind)
        {
            case TargetKind.Apex:
                if (qtype is RecordType.Soa or RecordType.Any)
                {
                    WriteSoa(ref writer, Section.Answer, target.DomainOffset);
                    return Outcome.Answered;
                }
                return Outcome.NoData;
            case TargetKind.Service:
                return AnswerService(query, qtype, target, ref writer, scratch, ref truncated);
            case TargetKind.Node:
                return AnswerNode(query.Slice(target.NameOffset, target.NameLength), qtype, ref writer);
            case TargetKind.Addr:
                return AnswerAddr(query.Slice(target.NameOffset, target.NameLength), qtype, ref writer);
            default:
                return Outcome.NxDomain;
        }
    }

    private Outcome AnswerService(ReadOnlySpan<byte> query, ushort qtype, in QueryTarget target, ref ResponseWriter writer, ResponderScratch scratch, ref bool truncated)
    {
        Span<char> name = stackalloc char[63];
        var length = Encoding.Latin1.GetChars(query.Slice(target.NameOffset, target.NameLength), name);
        var entry = FindService(name[..length]);
        if (entry is null)
        {
            return Outcome.NxDomain;
        }
        var set = entry.Answers(_catalog, _ttls, _onlyPassing);
        var stamp = scratch.Begin(set.Instances.Length, set.Addresses.Length);
        var tag = query.Slice(target.TagOffset, target.TagLength);
        var selected = scratch.Selected;
        var count = 0;
        for (var i = 0; i < set.Instances.Length; i++)
        {
            if (tag.IsEmpty || set.Instances[i].HasTag(tag))
            {
                selected[count++] = i;
            }
        }
        if (count == 0)
        {
            // Like Consul: a service with nothing healthy to offer does not exist as far as DNS is concerned.
            return Outcome.NxDomain;
        }
        scratch.ShuffleSelected(count);
        return qtype switch
        {
            RecordType.A or RecordType.Aaaa or RecordType.Any => WriteServiceAddresses(set, count, qtype, stamp, ref writer, scratch, ref truncated),
            RecordType.Srv => WriteServiceSrv(set, count, target.DomainIndex, stamp, ref writer, scratch, ref truncated),
            _ => Outcome.NoData,
        };
    }

    private static Outcome WriteServiceAddresses(ServiceAnswerSet set, int count, ushort qtype, int stamp, ref ResponseWriter writer, ResponderScratch scratch, ref bool truncated)
    {
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var addressId = set.Instances[scratch.Selected[i]].AddressId;
            if (scratch.AddressStamps[addressId] == stamp)
            {
                continue;
            }
            scratch.AddressStamps[addressId] = stamp;
            var address = set.Addresses[addressId];
            if (!Wanted(address.Kind, qtype))
            {
                continue;
            }
            if (!writer.Fits(RecordOverhead + address.Data.Length))
            {
                truncated = true;
                break;
            }
            writer.BeginRecord(Section.Answer, ResponseWriter.QuestionNamePointer, address.RecordType, set.Ttl, address.Data.Length);
            writer.WriteBytes(address.Data);
            written++;
        }
        return written > 0 || truncated ? Outcome.Answered : Outcome.NoData;
    }

    private Outcome WriteServiceSrv(ServiceAnswerSet set, int count, int domainIndex, int stamp, ref ResponseWriter writer, ResponderScratch scratch, ref bool truncated)
    {
        var suffix = _zone.AddrSuffixes[domainIndex];
        var distinct = 0;
        for (var i = 0; i < count; i++)
        {
            var instance = set.Instances[scratch.Selected[i]];
            var address = set.Addresses[instance.AddressId];
            var targetLength = address.TargetLength(suffix);
            if (!writer.Fits(RecordOverhead + 6 + targetLength))
            {
                truncated = true;
                break;
            }
            writer.BeginRecord(Section.Answer, ResponseWriter.QuestionNamePointer, RecordType.Srv, set.Ttl, 6 + targetLength);
            writer.WriteUInt16(1);
            writer.WriteUInt16(instance.Weight);
            writer.WriteUInt16(instance.Port);
            var targetOffset = writer.Position;
            // RFC 2782: the target is never compressed.
            writer.WriteBytes(address.TargetPrefix);
            if (address.Kind != AddressKind.Host)
            {
                writer.WriteBytes(suffix);
                if (scratch.AddressStamps[instance.AddressId] != stamp)
                {
                    scratch.AddressStamps[instance.AddressId] = stamp;
                    scratch.TargetOffsets[instance.AddressId] = targetOffset;
                    scratch.DistinctAddresses[distinct++] = instance.AddressId;
                }
            }
        }

        // Additional data resolving the targets; what does not fit is left out without TC (RFC 2181 section 9).
        // After truncation there is none: the client retries over TCP and ignores this response's records.
        for (var i = 0; i < distinct && !truncated; i++)
        {
            var addressId = scratch.DistinctAddresses[i];
            var address = set.Addresses[addressId];
            var targetOffset = scratch.TargetOffsets[addressId];
            if (targetOffset <= ResponseWriter.MaxPointerOffset)
            {
                if (!writer.Fits(RecordOverhead + address.Data.Length))
                {
                    break;
                }
                writer.BeginRecord(Section.Additional, (ushort)(0xC000 | targetOffset), address.RecordType, set.Ttl, address.Data.Length);
            }
            else
            {
                if (!writer.Fits(address.TargetLength(suffix) + 10 + address.Data.Length))
                {
                    break;
                }
                writer.BeginRecord(Section.Additional, address.TargetPrefix, suffix, address.RecordType, set.Ttl, address.Data.Length);
            }
            writer.WriteBytes(address.Data);
        }
        return Outcome.Answered;
    }

    private Outcome AnswerNode(ReadOnlySpan<byte> label, ushort qtype, ref ResponseWriter writer)
    {
        var nodes = _nodes;
        if (nodes.Index != _catalog.Index)
        {
            nodes = NodeDirectory.Capture(_catalog);
            _nodes = nodes;
        }
        Span<char> name = stackalloc char[63];
        var addresses = nodes.Find(name[..Encoding.Latin1.GetChars(label, name)]);
        if (addresses is null)
        {
            return Outcome.NxDomain;
        }
        var written = 0;
        foreach (var address in addresses)
        {
            if (Wanted(address.Kind, qtype) && writer.Fits(RecordOverhead + address.Data.Length))
            {
                writer.BeginRecord(Section.Answer, ResponseWriter.QuestionNamePointer, address.RecordType, _ttls.Node, address.Data.Length);
                writer.WriteBytes(address.Data);
                written++;
            }
        }
        return written > 0 ? Outcome.Answered : Outcome.NoData;
    }

    private Outcome AnswerAddr(ReadOnlySpan<byte> label, ushort qtype, ref ResponseWriter writer)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!PreparedAddress.TryParseHexLabel(label, bytes, out var length))
        {
            return Outcome.NxDomain;
        }
        var kind = length == 4 ? AddressKind.IPv4 : AddressKind.IPv6;
        if (!Wanted(kind, qtype))
        {
            return Outcome.NoData;
        }
        writer.BeginRecord(Section.Answer, ResponseWriter.QuestionNamePointer, kind == AddressKind.IPv4 ? RecordType.A : RecordType.Aaaa, _ttls.Node, length);
        writer.WriteBytes(bytes[..length]);
        return Outcome.Answered;
    }

    /// <summary>
    /// <c>&lt;domain&gt; SOA ns.&lt;domain&gt; hostmaster.&lt;domain&gt; serial 3600 600 86400 min</c> like Consul's, all
    /// three names pointing at the domain as the question spelled it. The serial is the current Unix time.
    /// </summary>
    private void WriteSoa(ref ResponseWriter writer, Section section, int domainOffset)
    {
        if (!writer.Fits(SoaRecordSize))
        {
            return;
        }
        var domainPointer = (ushort)(0xC000 | domainOffset);
        writer.BeginRecord(section, domainPointer, RecordType.Soa, _ttls.SoaMinimum, SoaRdataSize);
        writer.WriteBytes("\u0002ns"u8);
        writer.WriteUInt16(domainPointer);
        writer.WriteBytes("\u000Ahostmaster"u8);
        writer.WriteUInt16(domainPointer);
        writer.WriteUInt32((uint)_time.GetUtcNow().ToUnixTimeSeconds());
        writer.WriteUInt32(3600);
        writer.WriteUInt32(600);
        writer.WriteUInt32(86400);
        writer.WriteUInt32(_ttls.SoaMinimum);
    }

    private ServiceDirectory.Entry? FindService(ReadOnlySpan<char> name)
    {
        var services = _services;
        var entry = services.Find(name);
        if (entry is null && services.Index != _catalog.Index)
        {
            services = ServiceDirectory.Capture(_catalog, services);
            _services = services;
            entry = services.Find(name);
        }
        return entry;
    }

    private static bool Wanted(AddressKind kind, ushort qtype) => qtype switch
    {
        RecordType.A => kind != AddressKind.IPv6,
        RecordType.Aaaa => kind != AddressKind.IPv4,
        _ => qtype == RecordType.Any,
    };

    private static int HeaderOnly(in DnsQuery q, Span<byte> response, ResponseCode code)
    {
        var writer = new ResponseWriter(response, HeaderFlags.HeaderSize);
        var flags = (ushort)(HeaderFlags.Response | (q.Flags & (HeaderFlags.OpcodeMask | HeaderFlags.RecursionDesired)) | (int)code);
        return writer.Finish(q.Id, flags, hasQuestion: false);
    }

    private enum Outcome
    {
        Answered,
        NoData,
        NxDomain,
    }
}
