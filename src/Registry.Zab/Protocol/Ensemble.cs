namespace Registry.Zab.Protocol;

/// <summary>Membership and quorum arithmetic (a strict majority of voters).</summary>
internal sealed class Ensemble
{
    private readonly Dictionary<long, bool> _isObserver;

    public Ensemble(IReadOnlyList<ZabPeer> peers, long self)
    {
        _isObserver = peers.ToDictionary(p => p.Id, p => p.IsObserver);
        Self = self;
        Voters = [.. peers.Where(p => !p.IsObserver).Select(p => p.Id).Order()];
        Others = [.. peers.Select(p => p.Id).Where(id => id != self).Order()];
        OtherVoters = [.. Voters.Where(id => id != self)];
        Quorum = (Voters.Count / 2) + 1;
    }

    public long Self { get; }

    public IReadOnlyList<long> Voters { get; }

    public IReadOnlyList<long> Others { get; }

    public IReadOnlyList<long> OtherVoters { get; }

    public int Quorum { get; }

    public bool SelfIsObserver => IsObserver(Self);

    public bool Contains(long id) => _isObserver.ContainsKey(id);

    public bool IsVoter(long id) => _isObserver.TryGetValue(id, out var observer) && !observer;

    public bool IsObserver(long id) => _isObserver.TryGetValue(id, out var observer) && observer;

    public bool IsQuorum(IEnumerable<long> ids) => ids.Where(IsVoter).Distinct().Count() >= Quorum;
}
