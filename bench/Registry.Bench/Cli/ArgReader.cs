using System.Globalization;

namespace Registry.Bench.Cli;

/// <summary>
/// Reads <c>--name value</c>, <c>--name=value</c> and bare <c>--flag</c> options. Every option a command
/// accepts is declared up front, so a misspelt option is an error rather than a silently ignored one.
/// </summary>
internal sealed class ArgReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public ArgReader(IReadOnlyList<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (flagOptions.Contains(name))
            {
                if (value is not null)
                {
                    throw new UsageException($"option --{name} takes no value");
                }
            }
            else if (valueOptions.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"option --{name} needs a value");
                    }

                    value = args[++i];
                }
            }
            else
            {
                throw new UsageException($"unknown option --{name}");
            }

            if (!_values.TryAdd(name, value))
            {
                throw new UsageException($"option --{name} given twice");
            }
        }
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public string? String(string name) => _values.GetValueOrDefault(name);

    public string String(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;

    public long Integer(string name, long fallback, long min, long max)
    {
        if (_values.GetValueOrDefault(name) is not { } text)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be an integer in [{min}, {max}], got '{text}'");
        }

        return value;
    }

    public TimeSpan Duration(string name, TimeSpan fallback) =>
        _values.GetValueOrDefault(name) is { } text ? ParseDuration(name, text) : fallback;

    /// <summary>Accepts <c>500ms</c>, <c>10s</c>, <c>2m</c>, or a bare number of seconds.</summary>
    internal static TimeSpan ParseDuration(string name, string text)
    {
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            || amount < 0 || !double.IsFinite(amount) || amount * unit > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new UsageException($"--{name} must be a duration like 500ms, 10s or 2m, got '{text}'");
        }

        return TimeSpan.FromSeconds(amount * unit);
    }
}

/// <summary>A command line that cannot be run; reported with the usage text and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
