namespace Registry.Simulation.Tests.Simulation;

/// <summary>Simulated time: events run in (time, insertion order), so a seed always replays the same way.</summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<Action, (long Time, long Sequence)> _events = new();
    private long _sequence;

    public long Now { get; private set; }

    public int Count => _events.Count;

    public void At(long time, Action action) => _events.Enqueue(action, (Math.Max(time, Now), _sequence++));

    public void After(long delay, Action action) => At(Now + delay, action);

    /// <summary>Runs the next event if it is due by <paramref name="until"/>.</summary>
    public bool RunNext(long until)
    {
        if (!_events.TryPeek(out _, out var key) || key.Time > until)
        {
            Now = Math.Max(Now, until);
            return false;
        }

        var action = _events.Dequeue();
        Now = key.Time;
        action();
        return true;
    }
}
