using System.Globalization;

namespace Registry.Api.Contracts;

/// <summary>Session ids travel as lower-case hex strings (64-bit ids do not fit JavaScript numbers).</summary>
public static class SessionIds
{
    public static string Format(long id) => id.ToString("x", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out long id)
    {
        id = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }

        return span.Length is > 0 and <= 16 && long.TryParse(span, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id) && id != 0;
    }
}
