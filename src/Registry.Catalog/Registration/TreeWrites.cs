using Registry.Server;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Catalog.Registration;

/// <summary>Small write recipes the catalog shares: create a path's missing parents, read-modify-write by version.</summary>
public static class TreeWrites
{
    /// <summary>Creates every missing ancestor of <paramref name="path"/> (the last one in <paramref name="leafParentMode"/>).</summary>
    public static async Task EnsureParentsAsync(RegistryServer server, string path, CreateMode leafParentMode = CreateMode.Persistent)
    {
        var parent = ZPath.Parent(path);
        if (parent == ZPath.Root || server.Tree.Exists(parent))
        {
            return;
        }

        await EnsureParentsAsync(server, parent);
        var result = await server.WriteAsync(RequestContext.System, new CreateOp(parent, [], AclEntry.OpenUnsafe, leafParentMode));
        if (!result.IsSuccess && result.Error != ErrorCode.NodeExists)
        {
            result.EnsureSuccess();
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the node's current data and writes it back conditionally on the
    /// version read; retried on a concurrent change. Returns false when the node is gone; no write when the
    /// change returns null (nothing to do).
    /// </summary>
    public static async Task<bool> UpdateAsync(RegistryServer server, string path, Func<byte[], byte[]?> change)
    {
        for (var attempt = 0; attempt < 16; attempt++)
        {
            if (!server.Tree.TryGetData(path, out var data, out var stat))
            {
                return false;
            }

            if (change(data) is not { } updated)
            {
                return true;
            }

            var result = await server.WriteAsync(RequestContext.System, new SetDataOp(path, updated, stat.Version));
            if (result.IsSuccess)
            {
                return true;
            }

            if (result.Error == ErrorCode.NoNode)
            {
                return false;
            }

            if (result.Error != ErrorCode.BadVersion)
            {
                result.EnsureSuccess();
            }
        }

        throw new KeeperException(ErrorCode.BadVersion, $"{path} kept changing; giving up the update");
    }
}
