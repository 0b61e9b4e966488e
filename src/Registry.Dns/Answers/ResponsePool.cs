using Microsoft.Extensions.ObjectPool;

namespace Registry.Dns.Answers;

/// <summary>
/// The bounded pool of <see cref="ResponseMessage"/>s a responder answers with. A message is returned only after
/// its send (see <see cref="Transport.PeerEndPoint"/>); one never returned is simply collected, so a broken link
/// costs an allocation per answer, never the reuse of a message in use.
/// </summary>
internal static class ResponsePool
{
    /// <summary>Messages kept between answers: more than the answers usually in flight at once on two cores.</summary>
    public const int MaxRetained = 256;

    public static ObjectPool<ResponseMessage> Create() => new DefaultObjectPool<ResponseMessage>(new Policy(), MaxRetained);

    private sealed class Policy : PooledObjectPolicy<ResponseMessage>
    {
        public override ResponseMessage Create() => new();

        /// <summary>Renting resets a message (<see cref="ResponseMessage.For"/>); returning only decides whether to keep it.</summary>
        public override bool Return(ResponseMessage obj) => obj.IsWorthKeeping;
    }
}
