namespace Registry.Simulation.Tests.Linearizability;

/// <summary>
/// Wing and Gong's linearizability search with Lowe's memoisation, as in Porcupine: walk the history's call and
/// return events in time order, tentatively linearizing each call whose operation the model accepts, and
/// backtracking when a return is reached whose operation could not be placed. A (linearized set, state) pair
/// already explored is never explored again. Pending operations never return, so they may be linearized at any
/// point after their call or left out.
/// </summary>
public static class LinearizabilityChecker
{
    public static bool Check<TState, TInput, TOutput>(IModel<TState, TInput, TOutput> model, IReadOnlyList<HistoryOperation<TInput, TOutput>> history)
        where TState : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        var events = EventList.Build(history);
        var linearized = new ulong[(history.Count + 63) / 64];
        var seen = new HashSet<(string Linearized, TState State)>();
        var stack = new Stack<(int Call, TState State)>();
        var state = model.Initial;
        var cursor = events.Head;
        while (events.Head != EventList.End)
        {
            var op = events.Operation[cursor];
            if (events.IsCall[cursor])
            {
                var operation = history[op];
                var output = operation.Pending ? default : operation.Output;
                if (model.Step(state, operation.Input, output, out var next))
                {
                    linearized[op / 64] |= 1UL << (op % 64);
                    if (seen.Add((Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(linearized.AsSpan())), next)))
                    {
                        stack.Push((cursor, state));
                        state = next;
                        events.Lift(cursor);
                        cursor = events.Head;
                        continue;
                    }

                    linearized[op / 64] &= ~(1UL << (op % 64));
                }

                cursor = events.Next[cursor];
            }
            else
            {
                if (history[op].Pending)
                {
                    // Returns at infinity come last: every operation still unplaced never returned, and may be left out.
                    return true;
                }

                if (stack.Count == 0)
                {
                    return false;
                }

                var (call, previous) = stack.Pop();
                state = previous;
                var undone = events.Operation[call];
                linearized[undone / 64] &= ~(1UL << (undone % 64));
                events.Unlift(call);
                cursor = events.Next[call];
            }
        }

        return true;
    }
}
