using System.Security.Cryptography;
using System.Text;

namespace Registry.Tree.Acl;

/// <summary>ZooKeeper's digest scheme: id = user:base64(sha1("user:password")).</summary>
public static class DigestAuth
{
    public const string Scheme = "digest";

    /// <summary>Turns "user:password" credentials into the digest id stored in ACLs.</summary>
    public static string IdFor(string credentials)
    {
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new KeeperException(ErrorCode.AuthFailed, "digest credentials must be user:password");
        }

#pragma warning disable CA5350 // SHA-1 is what the ZooKeeper digest scheme is defined with; clients compute the same.
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(credentials));
#pragma warning restore CA5350
        return credentials[..colon] + ":" + Convert.ToBase64String(hash);
    }

    /// <summary>The user part of a digest id ("bob:hash" -> "bob").</summary>
    public static string UserOf(string digestId)
    {
        var colon = digestId.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? digestId : digestId[..colon];
    }
}
