using System.Globalization;
using System.Text;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Tree.Tests;

/// <summary>
/// ZooKeeper's write semantics written down directly over a dictionary of nodes, with no pending state, no
/// interning and no indexes: the oracle for <see cref="TreeModelPropertyTests"/>. Only the ops the property test
/// generates are modelled (create in non-TTL modes, delete, setData, setACL, check inside multi, multi, session
/// open/close); every ACL is a single world:anyone entry (its perms vary), and paths are valid by construction.
/// </summary>
internal sealed class ReferenceModel
{
    private readonly SortedDictionary<long, int> _sessions = [];
    private Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    public ReferenceModel()
    {
        _nodes["/"] = new Node();
        Add(_nodes, "/zookeeper", new Node());
        Add(_nodes, "/zookeeper/quota", new Node());
        Add(_nodes, "/zookeeper/config", new Node { Perms = Perms.Read });

        static void Add(Dictionary<string, Node> nodes, string path, Node node)
        {
            nodes[path] = node;
            nodes[ParentOf(path)].Children.Add(NameOf(path)); // attached without a create: C stays 0
        }
    }

    public long LastZxid { get; private set; }

    public List<string> Paths => [.. _nodes.Keys.Order(StringComparer.Ordinal)];

    public int VersionOf(string path) => _nodes.TryGetValue(path, out var node) ? node.Version : 0;

    public int AversionOf(string path) => _nodes.TryGetValue(path, out var node) ? node.Aversion : 0;

    /// <summary>Executes one request as ZooKeeper would; a failure changes nothing and uses no zxid.</summary>
    public ModelResult Execute(long callerSession, WriteOp op, long time)
    {
        var zxid = LastZxid + 1;
        switch (op)
        {
            case CreateSessionOp open:
                if (_sessions.ContainsKey(open.SessionId))
                {
                    return ModelResult.Failed(ErrorCode.BadArguments);
                }

                _sessions[open.SessionId] = open.TimeoutMs;
                LastZxid = zxid;
                return ModelResult.Succeeded([]);

            case CloseSessionOp close:
                if (!_sessions.ContainsKey(close.SessionId))
                {
                    return ModelResult.Failed(ErrorCode.SessionExpired);
                }

                foreach (var path in _nodes.Where(n => n.Value.Owner == close.SessionId).Select(n => n.Key).Order(StringComparer.Ordinal).ToList())
                {
                    Remove(_nodes, path, zxid);
                }

                _sessions.Remove(close.SessionId);
                LastZxid = zxid;
                return ModelResult.Succeeded([]);
        }

        if (callerSession != 0 && !_sessions.ContainsKey(callerSession))
        {
            return ModelResult.Failed(ErrorCode.SessionExpired);
        }

        if (op is MultiOp multi)
        {
            var work = _nodes.ToDictionary(n => n.Key, n => n.Value.Clone(), StringComparer.Ordinal);
            var created = new List<string?>();
            for (var i = 0; i < multi.Ops.Count; i++)
            {
                try
                {
                    created.Add(ApplyOne(work, callerSession, multi.Ops[i], zxid, time));
                }
                catch (ModelError e)
                {
                    var codes = Enumerable.Range(0, multi.Ops.Count)
                        .Select(j => j < i ? ErrorCode.Ok : j == i ? e.Code : ErrorCode.RuntimeInconsistency)
                        .ToList();
                    return new ModelResult(e.Code, codes, []);
                }
            }

            _nodes = work;
            LastZxid = zxid;
            return ModelResult.Succeeded(created);
        }

        try
        {
            var path = ApplyOne(_nodes, callerSession, op, zxid, time);
            LastZxid = zxid;
            return ModelResult.Succeeded([path]);
        }
        catch (ModelError e)
        {
            return ModelResult.Failed(e.Code);
        }
    }

    /// <summary>The same canonical text as <see cref="TreeState.Dump"/>.</summary>
    public string Dump(long reapNow)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"lastZxid={LastZxid}\n");
        foreach (var path in Paths)
        {
            var n = _nodes[path];
            var stat = new Stat(
                n.Czxid, n.Mzxid, n.Ctime, n.Mtime, n.Version, (2 * n.ChildCreates) - n.Children.Count, n.Aversion,
                n.Owner, n.Data.Length, n.Children.Count, n.Pzxid);
            sb.Append(TreeState.Line(path, n.Data, stat, [new AclEntry(n.Perms, Id.Anyone)], n.Children)).Append('\n');
        }

        foreach (var (id, timeout) in _sessions)
        {
            var ephemerals = _nodes.Where(n => n.Value.Owner == id).Select(n => n.Key).Order(StringComparer.Ordinal);
            sb.Append(CultureInfo.InvariantCulture, $"session {id} timeout={timeout} ephemerals=[{string.Join(",", ephemerals)}]\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"ephemeralCount={_nodes.Values.Count(n => n.Owner != 0)}\n");
        var due = _nodes.Where(n => n.Value.Container && n.Value.ChildCreates > 0 && n.Value.Children.Count == 0).Select(n => n.Key).Order(StringComparer.Ordinal);
        sb.Append(CultureInfo.InvariantCulture, $"reap=[{string.Join(",", due)}]\n");
        _ = reapNow; // containers do not depend on time; TTL nodes are not modelled
        return sb.ToString();
    }

    private static string? ApplyOne(Dictionary<string, Node> nodes, long session, WriteOp op, long zxid, long time)
    {
        switch (op)
        {
            case CreateOp create:
            {
                if (create.Mode.IsEphemeral() && session == 0)
                {
                    throw new ModelError(ErrorCode.BadArguments); // this server's rule: ephemerals need a session
                }

                var parentPath = ParentOf(create.Path);
                var parent = nodes.GetValueOrDefault(parentPath) ?? throw new ModelError(ErrorCode.NoNode);
                Require(parent, Perms.Create);
                var path = create.Mode.IsSequential() ? create.Path + parent.ChildCreates.ToString("D10", CultureInfo.InvariantCulture) : create.Path;
                if (nodes.ContainsKey(path))
                {
                    throw new ModelError(ErrorCode.NodeExists);
                }

                if (parent.Owner != 0)
                {
                    throw new ModelError(ErrorCode.NoChildrenForEphemerals);
                }

                nodes[path] = new Node
                {
                    Perms = PermsOf(create.Acl),
                    Data = create.Data,
                    Czxid = zxid,
                    Mzxid = zxid,
                    Pzxid = zxid,
                    Ctime = time,
                    Mtime = time,
                    Owner = create.Mode.IsEphemeral() ? session : 0,
                    Container = create.Mode == CreateMode.Container,
                };
                parent.ChildCreates++;
                parent.Children.Add(NameOf(path));
                parent.Pzxid = zxid;
                return path;
            }

            case DeleteOp delete:
            {
                if (delete.Path is "/" or "/zookeeper" or "/zookeeper/quota" or "/zookeeper/config")
                {
                    throw new ModelError(ErrorCode.BadArguments);
                }

                var parent = nodes.GetValueOrDefault(ParentOf(delete.Path)) ?? throw new ModelError(ErrorCode.NoNode);
                Require(parent, Perms.Delete);
                var node = nodes.GetValueOrDefault(delete.Path) ?? throw new ModelError(ErrorCode.NoNode);
                CheckVersion(delete.Version, node.Version);
                if (node.Children.Count > 0)
                {
                    throw new ModelError(ErrorCode.NotEmpty);
                }

                Remove(nodes, delete.Path, zxid);
                return null;
            }

            case SetDataOp set:
            {
                var node = nodes.GetValueOrDefault(set.Path) ?? throw new ModelError(ErrorCode.NoNode);
                Require(node, Perms.Write);
                CheckVersion(set.Version, node.Version);
                node.Version = node.Version == int.MaxValue ? int.MinValue : node.Version + 1 == -1 ? 0 : node.Version + 1;
                node.Data = set.Data;
                node.Mzxid = zxid;
                node.Mtime = time;
                return null;
            }

            case SetAclOp setAcl:
            {
                var perms = PermsOf(setAcl.Acl);
                var node = nodes.GetValueOrDefault(setAcl.Path) ?? throw new ModelError(ErrorCode.NoNode);
                Require(node, Perms.Admin);
                CheckVersion(setAcl.Version, node.Aversion);
                node.Aversion = node.Aversion == int.MaxValue ? int.MinValue : node.Aversion + 1 == -1 ? 0 : node.Aversion + 1;
                node.Perms = perms;
                return null;
            }

            case CheckOp check:
            {
                var node = nodes.GetValueOrDefault(check.Path) ?? throw new ModelError(ErrorCode.NoNode);
                Require(node, Perms.Read);
                CheckVersion(check.Version, node.Version);
                return null;
            }

            default:
                throw new InvalidOperationException($"the model does not handle {op}");
        }
    }

    private static Perms PermsOf(IReadOnlyList<AclEntry> acl) =>
        acl is [{ Id: { Scheme: "world", Value: "anyone" } } entry] ? entry.Perms : throw new InvalidOperationException("the model only knows single world:anyone ACLs");

    private static void Remove(Dictionary<string, Node> nodes, string path, long zxid)
    {
        var parent = nodes[ParentOf(path)];
        parent.Children.Remove(NameOf(path));
        parent.Pzxid = zxid;
        nodes.Remove(path);
    }

    private static void Require(Node node, Perms perm)
    {
        if ((node.Perms & perm) == 0)
        {
            throw new ModelError(ErrorCode.NoAuth);
        }
    }

    private static void CheckVersion(int expected, int actual)
    {
        if (expected != -1 && expected != actual)
        {
            throw new ModelError(ErrorCode.BadVersion);
        }
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash == 0 ? "/" : path[..slash];
    }

    private static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    private sealed class Node
    {
        public byte[] Data { get; set; } = [];

        public long Czxid { get; set; }

        public long Mzxid { get; set; }

        public long Pzxid { get; set; }

        public long Ctime { get; set; }

        public long Mtime { get; set; }

        public int Version { get; set; }

        public int ChildCreates { get; set; }

        public int Aversion { get; set; }

        public long Owner { get; set; }

        public bool Container { get; set; }

        public Perms Perms { get; set; } = Perms.All;

        public SortedSet<string> Children { get; private set; } = new(StringComparer.Ordinal);

        public Node Clone()
        {
            var copy = (Node)MemberwiseClone();
            copy.Children = new SortedSet<string>(Children, StringComparer.Ordinal);
            return copy;
        }
    }

    private sealed class ModelError(ErrorCode code) : Exception(code.ToString())
    {
        public ErrorCode Code { get; } = code;
    }
}

/// <summary>What the model says a request does: its code, per-op codes of a failed multi, created paths of a success.</summary>
internal sealed record ModelResult(ErrorCode Error, IReadOnlyList<ErrorCode>? MultiErrors, IReadOnlyList<string?> Created)
{
    public static ModelResult Failed(ErrorCode code) => new(code, null, []);

    public static ModelResult Succeeded(IReadOnlyList<string?> created) => new(ErrorCode.Ok, null, created);
}
