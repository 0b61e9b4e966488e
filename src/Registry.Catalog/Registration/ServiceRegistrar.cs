using Registry.Catalog.Documents;
using Registry.Catalog.Index;
using Registry.Catalog.Layout;
using Registry.Catalog.Model;
using Registry.Server;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Catalog.Registration;

/// <summary>
/// Writes the catalog: registers instances under a session the registry owns and keeps alive
/// (<see cref="InstanceDocument.RegistrySession"/>), replaces them in place, deregisters them (closing that
/// session), and records check transitions in the instance's document.
/// </summary>
public sealed class ServiceRegistrar(RegistryServer server, ServiceCatalog catalog)
{
    /// <summary>Registers or replaces (same node and ID) an instance; returns its znode.</summary>
    public async Task<string> RegisterAsync(InstanceDocument document, bool replaceExistingChecks)
    {
        var existing = catalog.FindById(document.Node, document.Id);
        if (existing is not null && existing.Instance.Service == document.Service)
        {
            var merged = Merge(existing.Document, document, replaceExistingChecks);
            if (await TreeWrites.UpdateAsync(server, existing.Instance.Znode, _ => DocumentJson.Serialize(merged)))
            {
                return existing.Instance.Znode;
            }
        }
        else if (existing is not null)
        {
            await DeregisterAsync(existing);
        }

        var (sessionId, _) = await server.Sessions.CreateAsync(server.Options.MaxSessionTimeoutMs);
        try
        {
            var parent = CatalogPaths.Service(document.Service);
            var data = DocumentJson.Serialize(document with { RegistrySession = true });
            var context = new RequestContext(sessionId, RequestContext.System.Identities);
            for (var attempt = 0; ; attempt++)
            {
                await TreeWrites.EnsureParentsAsync(server, ZPath.Join(parent, CatalogPaths.InstancePrefix), CreateMode.Container);
                var result = await server.WriteAsync(context, new CreateOp(ZPath.Join(parent, CatalogPaths.InstancePrefix), data, AclEntry.OpenUnsafe, CreateMode.EphemeralSequential));
                // An empty service's container can be reaped between the two writes: create it again.
                if (result.Error == ErrorCode.NoNode && attempt < 3)
                {
                    continue;
                }

                return result.EnsureSuccess().Result.Path!;
            }
        }
        catch
        {
            await server.Sessions.CloseAsync(sessionId);
            throw;
        }
    }

    /// <summary>Removes an instance: closes its session when the registry owns it, else deletes just its znode.</summary>
    public async Task DeregisterAsync(CatalogEntry entry)
    {
        if (entry.Document.RegistrySession)
        {
            var result = await server.Sessions.CloseAsync(entry.Instance.SessionId);
            if (result.IsSuccess || result.Error == ErrorCode.SessionExpired)
            {
                return;
            }
        }

        var deleted = await server.WriteAsync(RequestContext.System, new DeleteOp(entry.Instance.Znode));
        if (!deleted.IsSuccess && deleted.Error != ErrorCode.NoNode)
        {
            deleted.EnsureSuccess();
        }
    }

    /// <summary>Records a check's status and output; no write when neither changed. False when the instance or check is gone.</summary>
    public async Task<bool> SetCheckStateAsync(string znode, string checkId, HealthStatus status, string output)
    {
        var found = false;
        var exists = await TreeWrites.UpdateAsync(server, znode, data =>
        {
            var document = DocumentJson.TryParseInstance(data, out _);
            var index = document is null ? -1 : IndexOf(document.Checks, checkId);
            found = index >= 0;
            if (!found || (document!.Checks[index].Status == status && document.Checks[index].Output == output))
            {
                return null;
            }

            var checks = document.Checks.ToArray();
            checks[index] = checks[index] with { Status = status, Output = output };
            return DocumentJson.Serialize(document with { Checks = checks });
        });
        return exists && found;
    }

    /// <summary>Consul's re-registration: the new definition wins; checks it does not mention stay unless replaced; states carry over.</summary>
    private static InstanceDocument Merge(InstanceDocument current, InstanceDocument update, bool replaceExistingChecks)
    {
        var checks = new List<CheckDocument>();
        foreach (var check in update.Checks)
        {
            var previous = current.Checks.FirstOrDefault(c => c.CheckId == check.CheckId);
            checks.Add(previous is not null && previous.Type == check.Type
                ? check with { Status = previous.Status, Output = previous.Output }
                : check);
        }

        if (!replaceExistingChecks)
        {
            checks.AddRange(current.Checks.Where(c => IndexOf(update.Checks, c.CheckId) < 0));
        }

        return update with { Checks = checks, RegistrySession = current.RegistrySession };
    }

    private static int IndexOf(IReadOnlyList<CheckDocument> checks, string checkId)
    {
        for (var i = 0; i < checks.Count; i++)
        {
            if (checks[i].CheckId == checkId)
            {
                return i;
            }
        }

        return -1;
    }
}
