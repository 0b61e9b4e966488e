using System.Text;
using System.Text.RegularExpressions;

namespace Registry.Deploy.Tests.Docker;

/// <summary>
/// .dockerignore as Docker applies it: each pattern (Go filepath.Match syntax plus "**") is tested against a path
/// and its parent directories, "!" re-includes, and the last matching pattern decides.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, string Text, bool Include)> _rules;

    private DockerIgnore(List<(Regex, string, bool)> rules) => _rules = rules;

    public static DockerIgnore Load(string path) => new([
        .. File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l =>
            {
                var include = l.StartsWith('!');
                var text = (include ? l[1..] : l).Trim().Trim('/');
                return (ToRegex(text), text, include);
            }),
    ]);

    /// <summary>Whether a path relative to the context root (with '/' separators) is left out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var candidates = new List<string>();
        var parts = relativePath.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            candidates.Add(string.Join('/', parts[..i]));
        }

        var excluded = false;
        foreach (var (pattern, _, include) in _rules)
        {
            if (candidates.Any(pattern.IsMatch))
            {
                excluded = !include;
            }
        }

        return excluded;
    }

    /// <summary>An excluded directory can be skipped whole unless a "!" pattern names something inside it.</summary>
    public bool MayIncludeBelow(string relativeDirectory) =>
        _rules.Any(r => r.Include && (r.Text.StartsWith(relativeDirectory + "/", StringComparison.Ordinal) || r.Text.StartsWith("**", StringComparison.Ordinal)));

    /// <summary>Copies the files Docker would send as the build context of <paramref name="root"/> into <paramref name="target"/>.</summary>
    public int CopyContext(string root, string target)
    {
        var copied = 0;
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos())
        {
            copied += CopyEntry(root, entry, target);
        }

        return copied;
    }

    private int CopyEntry(string root, FileSystemInfo entry, string target)
    {
        var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
        var excluded = Excludes(relative);
        if (entry is DirectoryInfo dir)
        {
            if (excluded && !MayIncludeBelow(relative))
            {
                return 0;
            }

            return dir.EnumerateFileSystemInfos().Sum(child => CopyEntry(root, child, target));
        }

        if (excluded)
        {
            return 0;
        }

        var destination = Path.Combine(target, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(entry.FullName, destination);
        return 1;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches any number of directories, including none; a trailing "**" matches everything.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
