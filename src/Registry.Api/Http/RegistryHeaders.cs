namespace Registry.Api.Http;

/// <summary>Headers of the native API.</summary>
public static class RegistryHeaders
{
    /// <summary>The zxid a read reflects; pass it back as ?index= to long-poll for the next change.</summary>
    public const string Index = "X-Registry-Index";

    /// <summary>The session (hex id) that owns ephemerals created by the request; the request also keeps it alive.</summary>
    public const string Session = "X-Registry-Session";

    /// <summary>Credentials, "digest user:password"; may repeat. Adds the digest identity ACLs are checked against.</summary>
    public const string Auth = "X-Registry-Auth";

    /// <summary>The ACL of a create, as JSON: [{"perms":"cdrwa","scheme":"world","id":"anyone"}].</summary>
    public const string Acl = "X-Registry-Acl";
}
