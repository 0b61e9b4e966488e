using System.Globalization;

namespace Registry.Api.Consul.Http;

/// <summary>
/// Consul sessions are UUIDs; ours are 64-bit ids. A session id is shown as the UUID
/// 00000000-0000-0000-XXXX-XXXXXXXXXXXX whose last 16 hex digits are the id, and parsed back from it.
/// </summary>
public static class ConsulSessionIds
{
    public static string Format(long sessionId)
    {
        var hex = sessionId.ToString("x16", CultureInfo.InvariantCulture);
        return $"00000000-0000-0000-{hex[..4]}-{hex[4..]}";
    }

    /// <summary>False when the text is not a UUID (Consul: 400); an id that is a UUID but not ours parses to 0.</summary>
    public static bool TryParse(string? text, out long sessionId)
    {
        sessionId = 0;
        if (!Guid.TryParseExact(text, "D", out _))
        {
            return false;
        }

        var hex = text!.Replace("-", "", StringComparison.Ordinal);
        if (hex[..16].Any(c => c != '0'))
        {
            return true;
        }

        sessionId = long.Parse(hex.AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return true;
    }
}
