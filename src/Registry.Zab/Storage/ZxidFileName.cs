using System.Buffers;
using System.Globalization;

namespace Registry.Zab.Storage;

/// <summary>
/// File names of the form <c>&lt;prefix&gt;.&lt;zxid as 16 lower-case hex digits&gt;</c>, so that an ordinal sort of
/// names is a sort by zxid, as in ZooKeeper's <c>log.&lt;zxid&gt;</c> and <c>snapshot.&lt;zxid&gt;</c>.
/// </summary>
internal static class ZxidFileName
{
    private const int HexDigits = 16;
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static string Format(string prefix, long zxid) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}.{zxid:x16}");

    /// <summary>Parses a name made by <see cref="Format"/>; anything else (other files, <c>.tmp</c> files) is rejected.</summary>
    public static bool TryParse(string fileName, string prefix, out long zxid)
    {
        zxid = 0;
        var hex = fileName.AsSpan();
        if (hex.Length != prefix.Length + 1 + HexDigits || !hex.StartsWith(prefix, StringComparison.Ordinal) || hex[prefix.Length] != '.')
        {
            return false;
        }

        hex = hex[(prefix.Length + 1)..];
        return !hex.ContainsAnyExcept(LowerHex)
            && long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out zxid)
            && zxid >= 0;
    }
}
