using System.Text;
using CsCheck;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Tree.Tests;

/// <summary>
/// Model-based test: random request sequences over a small path universe run against the real preparer + tree
/// and against <see cref="ReferenceModel"/>; error codes (per op for multis), created names and the complete
/// visible state must agree after every request. The same concrete sequence is then replayed with prepares
/// running ahead of applies (random interleaving) and must give the same codes and the same final tree.
/// CsCheck prints the seed of a failing run; paste it into <c>seed:</c> to reproduce.
/// </summary>
public class TreeModelPropertyTests
{
    private static readonly string[] CreatePaths = ["/a", "/a/b", "/a/c", "/d", "/d/e", "/a/b/f", "/x/y", "/zookeeper/config/z", "/zookeeper/w"];
    private static readonly string[] SequentialPrefixes = ["/a/s-", "/d/", "/q-", "/a/b/n", "/x/"];
    private static readonly string[] Targets = ["/", "/zookeeper", "/zookeeper/config", "/a", "/a/b", "/a/c", "/d", "/d/e", "/nope"];
    private static readonly CreateMode[] Modes = [CreateMode.Persistent, CreateMode.Ephemeral, CreateMode.PersistentSequential, CreateMode.EphemeralSequential, CreateMode.Container];

    /// <summary>ACL choices: mostly open, sometimes missing the bits that create, delete, setData, setACL or check need.</summary>
    private static readonly Perms[] AclPerms = [Perms.All, Perms.All, Perms.All, Perms.All, Perms.Read, Perms.Read | Perms.Create | Perms.Delete, Perms.All & ~Perms.Admin, Perms.Write | Perms.Admin];

    private static readonly Gen<OpSpec> GenCreate =
        Gen.Select(Gen.Int[0, 99], Gen.Int[0, Modes.Length - 1], Gen.Int[0, 3], Gen.Int[0, AclPerms.Length - 1], (p, m, d, a) => (OpSpec)new CreateSpec(p, Modes[m], d, a));

    private static readonly Gen<OpSpec> GenDelete = Gen.Select(Gen.Int[0, 24], Gen.Int[0, 3], (t, v) => (OpSpec)new DeleteSpec(t, v));

    private static readonly Gen<OpSpec> GenSetData = Gen.Select(Gen.Int[0, 24], Gen.Int[0, 3], Gen.Int[0, 3], (t, v, d) => (OpSpec)new SetDataSpec(t, v, d));

    private static readonly Gen<OpSpec> GenSetAcl = Gen.Select(Gen.Int[0, 24], Gen.Int[0, 3], Gen.Int[0, AclPerms.Length - 1], (t, v, a) => (OpSpec)new SetAclSpec(t, v, a));

    private static readonly Gen<OpSpec> GenCheck = Gen.Select(Gen.Int[0, 24], Gen.Int[0, 3], (t, v) => (OpSpec)new CheckSpec(t, v));

    private static readonly Gen<int> GenSession = Gen.Frequency((4, Gen.Const(0)), (4, Gen.Int[1, 3]));

    private static readonly Gen<StepSpec> GenStep = Gen.Frequency(
        (2, Gen.Int[1, 3].Select(s => (StepSpec)new OpenSpec(s))),
        (1, Gen.Int[1, 3].Select(s => (StepSpec)new CloseSpec(s))),
        (10, Gen.Select(GenSession, Gen.Frequency((5, GenCreate), (3, GenDelete), (3, GenSetData), (1, GenSetAcl)), (s, op) => (StepSpec)new SingleSpec(s, op))),
        (3, Gen.Select(GenSession, Gen.Frequency((4, GenCreate), (2, GenDelete), (2, GenSetData), (2, GenCheck)).Array[0, 4], (s, ops) => (StepSpec)new MultiSpec(s, ops))));

    /// <summary>Sessions 1 and 2 start open; after each prepare the batched run applies this many queued transactions.</summary>
    private static readonly Gen<(StepSpec[] Steps, int[] Applies)> GenRun = Gen.Select(
        GenStep.Array[1, 45].Select(steps => (StepSpec[])[new OpenSpec(1), new OpenSpec(2), .. steps]),
        Gen.Frequency((5, Gen.Const(0)), (3, Gen.Int[1, 2]), (1, Gen.Const(100))).Array[47]);

    [Fact]
    public void Tree_agrees_with_the_reference_model_one_at_a_time_and_batched()
    {
        GenRun.Sample(
            run => RunAndCompare(run.Steps, run.Applies),
            iter: 400,
            print: run => string.Join("\n", run.Steps.Select(Describe)) + "\napplies: " + string.Join(",", run.Applies));
    }

    [Fact]
    public void A_hand_written_sequence_agrees_with_the_model()
    {
        // Keeps the oracle itself honest on a sequence whose outcome is known to be interesting.
        StepSpec[] steps =
        [
            new OpenSpec(1),
            new SingleSpec(0, new CreateSpec(0, CreateMode.Persistent, 1, 0)),                       // /a
            new SingleSpec(1, new CreateSpec(9, CreateMode.EphemeralSequential, 2, 0)),              // /a/s-0000000000
            new MultiSpec(0, [new CreateSpec(1, CreateMode.Persistent, 0, 0), new CreateSpec(5, CreateMode.Container, 0, 0), new CheckSpec(3, 1)]),
            new SingleSpec(0, new DeleteSpec(4, 0)),                                                 // /a/b: NotEmpty
            new SingleSpec(0, new DeleteSpec(5, 0)),                                                 // /a/c: NoNode
            new CloseSpec(1),
            new SingleSpec(1, new CreateSpec(3, CreateMode.Persistent, 0, 0)),                       // SessionExpired
            new SingleSpec(0, new SetDataSpec(2, 0, 3)),                                             // /zookeeper/config: NoAuth
            new SingleSpec(0, new DeleteSpec(1, 0)),                                                 // /zookeeper: BadArguments
            new SingleSpec(0, new SetAclSpec(4, 1, 4)),                                              // /a/b: READ only
            new SingleSpec(0, new CreateSpec(5, CreateMode.Persistent, 0, 0)),                       // /a/b/f: NoAuth (CREATE on /a/b)
            new SingleSpec(0, new SetAclSpec(4, 1, 0)),                                              // NoAuth (ADMIN on /a/b)
        ];
        RunAndCompare(steps, new int[steps.Length]);
    }

    private static void RunAndCompare(StepSpec[] steps, int[] applies)
    {
        var model = new ReferenceModel();
        var real = new TreeHarness();
        var history = new List<Executed>();
        for (var i = 0; i < steps.Length; i++)
        {
            var (context, op) = Resolve(steps[i], model, i);
            var time = 1_000 + (10 * i);
            real.Time = time;
            var expected = model.Execute(context.SessionId, op, time);
            var (outcome, applied) = real.Run(op, context);
            history.Add(new Executed(context, op, time, outcome.Error, outcome.MultiResults?.Select(r => r.Error).ToList()));

            Expect(expected.Error == outcome.Error, $"code: model {expected.Error}, tree {outcome.Error} ({outcome.Message})");
            if (expected.MultiErrors is not null)
            {
                Expect(outcome.MultiResults is not null && expected.MultiErrors.SequenceEqual(outcome.MultiResults.Select(r => r.Error)),
                    $"multi codes: model [{string.Join(",", expected.MultiErrors)}], tree [{string.Join(",", outcome.MultiResults?.Select(r => r.Error) ?? [])}]");
            }

            if (outcome.IsSuccess)
            {
                var createdByTree = op is MultiOp multi
                    ? multi.Ops.Select((o, k) => o is CreateOp ? applied!.MultiResults![k].Path : null).ToList()
                    : [op is CreateOp ? applied!.Result.Path : null];
                var createdByModel = op is MultiOp or CreateOp ? expected.Created : [];
                Expect(op is not (MultiOp or CreateOp) || createdByModel.SequenceEqual(createdByTree),
                    $"created: model [{string.Join(",", createdByModel)}], tree [{string.Join(",", createdByTree)}]");
                Expect(applied!.Zxid == model.LastZxid, $"zxid: model {model.LastZxid}, tree {applied.Zxid}");
            }

            var modelState = model.Dump(time);
            var treeState = TreeState.Dump(real.Tree, time);
            Expect(modelState == treeState, "state differs:\n" + FirstDifference(modelState, treeState));

            void Expect(bool condition, string message)
            {
                if (!condition)
                {
                    throw new Xunit.Sdk.XunitException($"step {i} {Describe(op)} as session {context.SessionId}: {message}\nhistory:\n{string.Join("\n", history.Select(h => $"  {h.Context.SessionId}: {Describe(h.Op)} -> {h.Error}"))}");
                }
            }
        }

        RunBatched(history, applies, TreeState.Dump(real.Tree, 0));
    }

    private static void RunBatched(List<Executed> history, int[] applies, string expectedFinal)
    {
        var batched = new TreeHarness();
        for (var i = 0; i < history.Count; i++)
        {
            var step = history[i];
            if (step.Op is CreateSessionOp)
            {
                batched.ApplyAll(); // the session tracker waits for a session to be open before handing it out
            }

            batched.Time = step.Time;
            var outcome = batched.Prepare(step.Op, step.Context);
            var codes = outcome.MultiResults?.Select(r => r.Error).ToList();
            if (outcome.Error != step.Error || (step.MultiErrors is not null && (codes is null || !step.MultiErrors.SequenceEqual(codes))))
            {
                throw new Xunit.Sdk.XunitException(
                    $"batched step {i} {Describe(step.Op)}: {outcome.Error} [{string.Join(",", codes ?? [])}] but one-at-a-time gave {step.Error} [{string.Join(",", step.MultiErrors ?? [])}]" +
                    $" ({batched.QueuedCount} unapplied)\nhistory:\n{string.Join("\n", history.Take(i + 1).Select(h => $"  {h.Context.SessionId}: {Describe(h.Op)} -> {h.Error}"))}");
            }

            for (var k = step.Op is CreateSessionOp ? int.MaxValue : applies[i % applies.Length]; k > 0 && batched.QueuedCount > 0; k--)
            {
                Assert.True(batched.ApplyNext().Result.IsOk);
            }
        }

        Assert.All(batched.ApplyAll(), r => Assert.True(r.Result.IsOk));
        var actual = TreeState.Dump(batched.Tree, 0);
        if (actual != expectedFinal)
        {
            throw new Xunit.Sdk.XunitException("batched final state differs:\n" + FirstDifference(expectedFinal, actual));
        }

        Assert.Equal(0, batched.Preparer.PendingCount);
    }

    private static (RequestContext Context, WriteOp Op) Resolve(StepSpec step, ReferenceModel model, int index)
    {
        var existing = model.Paths;
        return step switch
        {
            OpenSpec open => (RequestContext.System, new CreateSessionOp(open.Session, 1000 * open.Session)),
            CloseSpec close => (RequestContext.System, new CloseSessionOp(close.Session)),
            SingleSpec single => (Context(single.Session), ResolveOp(single.Op)),
            MultiSpec multi => (Context(multi.Session), new MultiOp([.. multi.Ops.Select(ResolveOp)])),
            _ => throw new InvalidOperationException(step.ToString()),
        };

        static RequestContext Context(int session) => session == 0 ? RequestContext.Anonymous : new RequestContext(session, []);

        WriteOp ResolveOp(OpSpec op)
        {
            switch (op)
            {
                case CreateSpec c:
                    string[] paths = c.Mode.IsSequential() ? [.. CreatePaths, .. SequentialPrefixes] : CreatePaths;
                    return new CreateOp(paths[c.Path % paths.Length], Data(c.Data), Acl(c.Acl), c.Mode);
                case DeleteSpec d:
                    var deletePath = Target(d.Target);
                    return new DeleteOp(deletePath, Version(d.Version, deletePath));
                case SetDataSpec s:
                    var setPath = Target(s.Target);
                    return new SetDataOp(setPath, Data(s.Data), Version(s.Version, setPath));
                case SetAclSpec a:
                    var aclPath = Target(a.Target);
                    var aversion = a.Version switch { 0 => -1, 1 => model.AversionOf(aclPath), 2 => model.AversionOf(aclPath) + 1, _ => 0 };
                    return new SetAclOp(aclPath, Acl(a.Acl), aversion);
                case CheckSpec k:
                    var checkPath = Target(k.Target);
                    return new CheckOp(checkPath, Version(k.Version, checkPath));
                default:
                    throw new InvalidOperationException(op.ToString());
            }
        }

        string Target(int i) => i < Targets.Length ? Targets[i] : existing[(i - Targets.Length) % existing.Count];

        int Version(int choice, string path) => choice switch
        {
            0 => -1,
            1 => model.VersionOf(path),
            2 => model.VersionOf(path) + 1,
            _ => 0,
        };

        static IReadOnlyList<AclEntry> Acl(int choice) => [new AclEntry(AclPerms[choice], Id.Anyone)];

        byte[] Data(int length) => [.. Enumerable.Range(0, length).Select(k => (byte)(index + k))];
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var sb = new StringBuilder();
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<none>";
            var al = i < a.Length ? a[i] : "<none>";
            if (el != al)
            {
                sb.Append("  expected: ").Append(el).Append("\n  actual:   ").Append(al).Append('\n');
            }
        }

        return sb.Append("full expected:\n").Append(expected).ToString();
    }

    private static string Describe(StepSpec step) => step switch
    {
        MultiSpec m => $"MultiSpec(session {m.Session}: {string.Join("; ", m.Ops.Select(o => o.ToString()))})",
        _ => step.ToString(),
    };

    private static string Describe(WriteOp op) => op switch
    {
        CreateOp c => $"create({c.Path}, {c.Mode}, {c.Data.Length}b, {c.Acl[0].Perms})",
        DeleteOp d => $"delete({d.Path}, v{d.Version})",
        SetDataOp s => $"setData({s.Path}, {s.Data.Length}b, v{s.Version})",
        CheckOp k => $"check({k.Path}, v{k.Version})",
        SetAclOp a => $"setAcl({a.Path}, {a.Acl[0].Perms}, v{a.Version})",
        MultiOp m => $"multi[{string.Join("; ", m.Ops.Select(Describe))}]",
        CreateSessionOp o => $"openSession({o.SessionId})",
        CloseSessionOp c => $"closeSession({c.SessionId})",
        _ => op.ToString(),
    };

    private sealed record Executed(RequestContext Context, WriteOp Op, long Time, ErrorCode Error, IReadOnlyList<ErrorCode>? MultiErrors);

    private abstract record StepSpec;

    private sealed record OpenSpec(int Session) : StepSpec;

    private sealed record CloseSpec(int Session) : StepSpec;

    private sealed record SingleSpec(int Session, OpSpec Op) : StepSpec;

    private sealed record MultiSpec(int Session, OpSpec[] Ops) : StepSpec;

    private abstract record OpSpec;

    private sealed record CreateSpec(int Path, CreateMode Mode, int Data, int Acl) : OpSpec;

    private sealed record DeleteSpec(int Target, int Version) : OpSpec;

    private sealed record SetDataSpec(int Target, int Version, int Data) : OpSpec;

    private sealed record SetAclSpec(int Target, int Version, int Acl) : OpSpec;

    private sealed record CheckSpec(int Target, int Version) : OpSpec;
}
