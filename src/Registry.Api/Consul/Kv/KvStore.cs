using Registry.Api.Consul.Contracts;
using Registry.Api.Consul.Http;
using Registry.Catalog.Registration;
using Registry.Server;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Api.Consul.Kv;

/// <summary>
/// Consul's KV semantics on the tree: CreateIndex/ModifyIndex are the entry's czxid/mzxid, check-and-set is
/// a version-conditional write, and a lock is an ephemeral znode owned by the acquiring session, so it is
/// released the moment the session ends.
/// </summary>
public sealed class KvStore(RegistryServer server)
{
    private DataTree Tree => server.Tree;

    public KvEntryDto? Get(string key)
    {
        var path = KvPaths.Entry(key);
        if (!Tree.TryGetData(path, out var data, out var stat))
        {
            return null;
        }

        var document = KvDocument.Parse(data);
        var session = Tree.TryGetStat(KvPaths.Lock(key), out var lockStat) ? ConsulSessionIds.Format(lockStat.EphemeralOwner) : null;
        return new KvEntryDto(stat.Czxid, stat.Mzxid, document.LockIndex, key, document.Flags,
            document.Value is { Length: > 0 } value ? Convert.ToBase64String(value) : null, session);
    }

    public byte[]? GetRaw(string key) =>
        Tree.TryGetData(KvPaths.Entry(key), out var data, out _) ? KvDocument.Parse(data).Value ?? [] : null;

    /// <summary>Every key starting with <paramref name="prefix"/>, sorted.</summary>
    public IReadOnlyList<string> Keys(string prefix)
    {
        if (!Tree.TryGetChildren(KvPaths.Root, out var children, out _))
        {
            return [];
        }

        return [.. children.Select(KvPaths.Decode).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    public async Task<bool> PutAsync(string key, byte[] value, ulong flags, ulong? cas, long acquire, long release)
    {
        var path = KvPaths.Entry(key);
        var exists = Tree.TryGetData(path, out var data, out var stat);
        var current = exists ? KvDocument.Parse(data) : null;
        if (cas is { } index && (index == 0 ? exists : !exists || (ulong)stat.Mzxid != index))
        {
            return false;
        }

        var lockPath = KvPaths.Lock(key);
        var holder = Tree.TryGetStat(lockPath, out var lockStat) ? lockStat.EphemeralOwner : 0;
        var ops = new List<WriteOp>();
        var lockIndex = current?.LockIndex ?? 0;
        var context = RequestContext.System;
        if (acquire != 0)
        {
            if (!Tree.Sessions.ContainsKey(acquire))
            {
                throw new KeeperException(ErrorCode.SessionExpired, $"invalid session \"{ConsulSessionIds.Format(acquire)}\"");
            }

            if (holder != 0 && holder != acquire)
            {
                return false;
            }

            if (holder == 0)
            {
                await TreeWrites.EnsureParentsAsync(server, lockPath);
                ops.Add(new CreateOp(lockPath, [], AclEntry.OpenUnsafe, CreateMode.Ephemeral));
                context = new RequestContext(acquire, RequestContext.System.Identities);
                lockIndex++;
            }
        }
        else if (release != 0)
        {
            if (holder != release)
            {
                return false;
            }

            ops.Add(new DeleteOp(lockPath));
        }

        var document = new KvDocument(flags, lockIndex, value).ToBytes();
        await TreeWrites.EnsureParentsAsync(server, path);
        ops.Add(exists ? new SetDataOp(path, document, cas is null ? -1 : stat.Version) : new CreateOp(path, document, AclEntry.OpenUnsafe, CreateMode.Persistent));
        var result = await server.WriteAsync(context, ops.Count == 1 ? ops[0] : new MultiOp(ops));
        return result.IsSuccess || (IsLost(result.Error) ? false : throw new KeeperException(result.Error, result.Message ?? result.Error.ToString()));
    }

    public async Task<bool> DeleteAsync(string key, bool recurse, ulong? cas)
    {
        if (recurse)
        {
            foreach (var batch in Keys(key).Chunk(500))
            {
                var ops = batch.SelectMany(DeleteOps).ToList();
                if (ops.Count > 0)
                {
                    (await server.WriteAsync(RequestContext.System, new MultiOp(ops))).EnsureSuccess();
                }
            }

            return true;
        }

        var path = KvPaths.Entry(key);
        if (!Tree.TryGetStat(path, out var stat))
        {
            return cas is null;
        }

        if (cas is { } index && (index == 0 || (ulong)stat.Mzxid != index))
        {
            return false;
        }

        var single = DeleteOps(key).ToList();
        if (single.Count == 0)
        {
            return true;
        }

        single[^1] = new DeleteOp(path, cas is null ? -1 : stat.Version);
        var result = await server.WriteAsync(RequestContext.System, new MultiOp(single));
        return result.IsSuccess || (IsLost(result.Error) ? false : throw new KeeperException(result.Error, result.Message ?? result.Error.ToString()));
    }

    /// <summary>A key's lock (when held) and the key itself.</summary>
    private IEnumerable<WriteOp> DeleteOps(string key)
    {
        if (Tree.Exists(KvPaths.Lock(key)))
        {
            yield return new DeleteOp(KvPaths.Lock(key));
        }

        if (Tree.Exists(KvPaths.Entry(key)))
        {
            yield return new DeleteOp(KvPaths.Entry(key));
        }
    }

    /// <summary>A concurrent writer got there first: Consul answers false, not an error.</summary>
    private static bool IsLost(ErrorCode error) => error is ErrorCode.BadVersion or ErrorCode.NodeExists or ErrorCode.NoNode;
}
