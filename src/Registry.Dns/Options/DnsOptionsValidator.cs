using System.Net;
using Microsoft.Extensions.Options;
using Registry.Dns.Naming;

namespace Registry.Dns.Options;

/// <summary>Rejects settings the responder could not start with, naming the key, before anything listens.</summary>
internal sealed class DnsOptionsValidator : IValidateOptions<DnsOptions>
{
    public ValidateOptionsResult Validate(string? name, DnsOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > ushort.MaxValue)
        {
            failures.Add($"{DnsOptions.Section}:Port must be 0 (disabled) to 65535.");
        }
        if (!string.IsNullOrWhiteSpace(options.BindAddress) && !IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"{DnsOptions.Section}:BindAddress '{options.BindAddress}' is not an IP address.");
        }
        if (options.MaxUdpPayload is < 512 or > ushort.MaxValue)
        {
            failures.Add($"{DnsOptions.Section}:MaxUdpPayload must be 512 to 65535.");
        }
        if (options.MaxTcpConnections < 1)
        {
            failures.Add($"{DnsOptions.Section}:MaxTcpConnections must be at least 1.");
        }
        if (options.TcpIdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{DnsOptions.Section}:TcpIdleTimeout must be positive.");
        }
        if (options.RecursorTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{DnsOptions.Section}:RecursorTimeout must be positive.");
        }
        Check(failures, () => RecursorList.Parse(options.Recursors));
        Check(failures, () => new DnsZone(options));
        Check(failures, () => new TtlPolicy(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The names and TTLs are validated by the very code that parses them at start-up.</summary>
    private static void Check(List<string> failures, Func<object> parse)
    {
        try
        {
            parse();
        }
        catch (FormatException e)
        {
            failures.Add(e.Message);
        }
    }
}
