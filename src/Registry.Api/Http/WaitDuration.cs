using System.Globalization;

namespace Registry.Api.Http;

/// <summary>
/// Long-poll wait times in Consul's notation ("30s", "5m", "250ms", "1h"; a bare number is seconds),
/// capped at <see cref="Max"/>; a small jitter (up to wait/16, as Consul adds) spreads wake-ups.
/// </summary>
public static class WaitDuration
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    public static bool TryParse(string? text, out TimeSpan wait)
    {
        wait = Default;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var unitStart = text.Length;
        while (unitStart > 0 && char.IsAsciiLetter(text[unitStart - 1]))
        {
            unitStart--;
        }

        if (!double.TryParse(text.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        double? ms = text[unitStart..] switch
        {
            "" or "s" => value * 1000,
            "ms" => value,
            "m" => value * 60_000,
            "h" => value * 3_600_000,
            _ => null,
        };
        if (ms is null)
        {
            return false;
        }

        wait = TimeSpan.FromMilliseconds(Math.Min(ms.Value, Max.TotalMilliseconds));
        return true;
    }

    public static TimeSpan WithJitter(TimeSpan wait) =>
        wait + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * wait.TotalMilliseconds / 16);
}
