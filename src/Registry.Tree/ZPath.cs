namespace Registry.Tree;

/// <summary>ZooKeeper path rules (PathUtils.validatePath) and the few path operations the tree needs.</summary>
public static class ZPath
{
    public const string Root = "/";
    public const string ZooKeeper = "/zookeeper";
    public const string Quota = "/zookeeper/quota";
    public const string Config = "/zookeeper/config";

    /// <summary>Returns null when the path is valid, otherwise the reason (reported as BadArguments).</summary>
    public static string? Validate(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "path must not be empty";
        }

        if (path[0] != '/')
        {
            return "path must start with /";
        }

        if (path.Length == 1)
        {
            return null;
        }

        if (path[^1] == '/')
        {
            return "path must not end with /";
        }

        var segmentStart = 1;
        for (var i = 1; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                var length = i - segmentStart;
                if (length == 0)
                {
                    return $"empty segment at index {i}";
                }

                if ((length == 1 && path[segmentStart] == '.') || (length == 2 && path[segmentStart] == '.' && path[segmentStart + 1] == '.'))
                {
                    return "relative segments (. or ..) are not allowed";
                }

                segmentStart = i + 1;
                continue;
            }

            if (IsInvalidChar(path[i]))
            {
                return $"invalid character U+{(int)path[i]:X4} at index {i}";
            }
        }

        return null;
    }

    public static void EnsureValid(string? path)
    {
        var error = Validate(path);
        if (error is not null)
        {
            throw new KeeperException(ErrorCode.BadArguments, $"invalid path '{path}': {error}");
        }
    }

    private static bool IsInvalidChar(char c) =>
        c <= '\u001f' || (c >= '\u007f' && c <= '\u009f') || (c >= '\ud800' && c <= '\uf8ff') || c >= '\ufff0';

    /// <summary>The parent of a valid non-root path ("/a/b" -> "/a", "/a" -> "/").</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? Root : path[..slash];
    }

    /// <summary>The last segment of a valid non-root path.</summary>
    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Join(string parent, string child) => parent == Root ? "/" + child : parent + "/" + child;

    /// <summary>Nodes that can never be deleted (ZooKeeper answers BadArguments).</summary>
    public static bool IsUndeletable(string path) => path is Root or ZooKeeper or Quota or Config;

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public static bool IsWithin(string path, string ancestor) =>
        ancestor == Root || path == ancestor || (path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal));

    /// <summary>Formats the sequential suffix like ZooKeeper's %010d (negative after int overflow).</summary>
    public static string SequenceSuffix(int counter) =>
        counter.ToString(counter < 0 ? "D9" : "D10", System.Globalization.CultureInfo.InvariantCulture);
}
