namespace Registry.Simulation.Tests.Linearizability;

/// <summary>
/// The history as a doubly linked list of call and return events in time order (calls before returns at equal
/// times, so touching operations count as concurrent). Lifting an operation unlinks its call and return;
/// unlifting restores them, in the reverse order of lifting.
/// </summary>
internal sealed class EventList
{
    public const int End = -1;

    private readonly int[] _prev;
    private readonly int[] _match;

    private EventList(int count)
    {
        Operation = new int[count];
        IsCall = new bool[count];
        Next = new int[count];
        _prev = new int[count];
        _match = new int[count];
    }

    public int[] Operation { get; }

    public bool[] IsCall { get; }

    public int[] Next { get; }

    public int Head { get; private set; } = End;

    public static EventList Build<TInput, TOutput>(IReadOnlyList<HistoryOperation<TInput, TOutput>> history)
    {
        var order = Enumerable.Range(0, history.Count * 2)
            .Select(i => (Op: i / 2, Call: i % 2 == 0))
            .OrderBy(e => e.Call ? history[e.Op].Call : history[e.Op].Return)
            .ThenBy(e => e.Call ? 0 : 1)
            .ToList();
        var list = new EventList(order.Count);
        var callIndex = new int[history.Count];
        for (var i = 0; i < order.Count; i++)
        {
            list.Operation[i] = order[i].Op;
            list.IsCall[i] = order[i].Call;
            list.Next[i] = i + 1 < order.Count ? i + 1 : End;
            list._prev[i] = i - 1;
            if (order[i].Call)
            {
                callIndex[order[i].Op] = i;
            }
            else
            {
                list._match[callIndex[order[i].Op]] = i;
            }
        }

        list.Head = order.Count > 0 ? 0 : End;
        return list;
    }

    public void Lift(int call)
    {
        Unlink(call);
        Unlink(_match[call]);
    }

    public void Unlift(int call)
    {
        Relink(_match[call]);
        Relink(call);
    }

    private void Unlink(int i)
    {
        if (_prev[i] == End)
        {
            Head = Next[i];
        }
        else
        {
            Next[_prev[i]] = Next[i];
        }

        if (Next[i] != End)
        {
            _prev[Next[i]] = _prev[i];
        }
    }

    private void Relink(int i)
    {
        if (_prev[i] == End)
        {
            Head = i;
        }
        else
        {
            Next[_prev[i]] = i;
        }

        if (Next[i] != End)
        {
            _prev[Next[i]] = i;
        }
    }
}
