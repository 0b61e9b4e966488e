using System.Text;
using Registry.Catalog.Layout;

namespace Registry.Api.Consul.Kv;

/// <summary>
/// Consul keys as znodes: every key is one child of <c>/registry/kv</c> (its lock, when held, one child of
/// <c>/registry/locks</c>), named by the key with '%', '/' and anything outside printable ASCII
/// percent-encoded, so any key (prefixes, trailing slashes, empty segments) round-trips and a prefix scan is
/// one child list.
/// </summary>
public static class KvPaths
{
    public const string Root = CatalogPaths.Platform + "/kv";
    public const string Locks = CatalogPaths.Platform + "/locks";

    public static string Entry(string key) => Root + "/" + Encode(key);

    public static string Lock(string key) => Locks + "/" + Encode(key);

    public static string Encode(string key)
    {
        var builder = new StringBuilder(key.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            if (b is (byte)'%' or (byte)'/' or < 0x21 or > 0x7E)
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        // "." and ".." are not valid znode names.
        return builder.ToString() switch
        {
            "." => "%2E",
            ".." => "%2E%2E",
            var name => name,
        };
    }

    public static string Decode(string name) => Uri.UnescapeDataString(name);

    /// <summary>The key a /registry/kv or /registry/locks child stands for.</summary>
    public static bool TryParse(string path, out string key)
    {
        key = "";
        foreach (var root in (ReadOnlySpan<string>)[Root, Locks])
        {
            // Every applied change is tested here: no concatenation for the paths that are not keys.
            if (path.Length > root.Length + 1 && path[root.Length] == '/' && path.StartsWith(root, StringComparison.Ordinal))
            {
                key = Decode(path[(root.Length + 1)..]);
                return true;
            }
        }

        return false;
    }
}
