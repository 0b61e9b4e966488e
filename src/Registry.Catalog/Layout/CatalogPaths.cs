using Registry.Tree;

namespace Registry.Catalog.Layout;

/// <summary>
/// Where the platform keeps its state in the tree (docs/architecture.md, "Znode layout"):
/// <c>/services/&lt;name&gt;/instance-NNNNNNNNNN</c> instances, <c>/registry/sessions/&lt;hex id&gt;</c> Consul
/// session settings, <c>/registry/kv/&lt;escaped key&gt;</c> Consul KV entries, <c>/registry/locks/&lt;escaped key&gt;</c> KV locks.
/// </summary>
public static class CatalogPaths
{
    public const string Services = "/services";
    public const string Platform = "/registry";
    public const string Sessions = "/registry/sessions";
    public const string InstancePrefix = "instance-";

    public static string Service(string name) => ZPath.Join(Services, name);

    public static string Session(long sessionId) => ZPath.Join(Sessions, sessionId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Splits <c>/services/&lt;name&gt;/&lt;instance&gt;</c>; false for any other path.</summary>
    public static bool TryParseInstance(string path, out string service)
    {
        service = "";
        if (!path.StartsWith(Services + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path.AsSpan(Services.Length + 1);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || rest[(slash + 1)..].Contains('/'))
        {
            return false;
        }

        service = rest[..slash].ToString();
        return true;
    }

    /// <summary>The session id of a <c>/registry/sessions/&lt;hex id&gt;</c> path.</summary>
    public static bool TryParseSession(string path, out long sessionId)
    {
        sessionId = 0;
        return path.StartsWith(Sessions + "/", StringComparison.Ordinal)
            && long.TryParse(path.AsSpan(Sessions.Length + 1), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out sessionId);
    }
}
