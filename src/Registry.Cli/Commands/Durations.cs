using System.CommandLine.Parsing;
using System.Globalization;

namespace Registry.Cli.Commands;

/// <summary>Durations as the server writes them: "30s", "5m", "250ms", "1h"; a bare number is seconds.</summary>
internal static class Durations
{
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        var unitStart = text.Length;
        while (unitStart > 0 && char.IsAsciiLetter(text[unitStart - 1]))
        {
            unitStart--;
        }

        if (double.TryParse(text.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            switch (text[unitStart..])
            {
                case "ms": return TimeSpan.FromMilliseconds(value);
                case "" or "s": return TimeSpan.FromSeconds(value);
                case "m": return TimeSpan.FromMinutes(value);
                case "h": return TimeSpan.FromHours(value);
            }
        }

        result.AddError($"'{text}' is not a duration such as 30s, 5m or 250ms");
        return default;
    }
}
