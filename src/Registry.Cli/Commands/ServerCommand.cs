using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Registry.Cli.Rest;

namespace Registry.Cli.Commands;

/// <summary>
/// A command that talks to a running server over the native REST API: it owns --server and turns every
/// failure (an error answer, an unreachable or silent server) into one line on stderr and exit code 1.
/// </summary>
internal abstract class ServerCommand : Command
{
    private const string AddressVariable = "REGISTRY_ADDR";

    private readonly Option<Uri> _server = new("--server")
    {
        HelpName = "URL",
        Description = $"The server's HTTP address (default ${AddressVariable} or http://127.0.0.1:8500)",
        // On an error the parse fails and the value is never used.
        DefaultValueFactory = r => ParseAddress(Environment.GetEnvironmentVariable(AddressVariable) ?? "http://127.0.0.1:8500", r)!,
        CustomParser = r => ParseAddress(r.Tokens[0].Value, r),
    };

    protected ServerCommand(string name, string description)
        : base(name, description)
    {
        Options.Add(_server);
        SetAction(InvokeAsync);
    }

    protected abstract Task<int> RunAsync(RegistryHttpClient client, ParseResult result, CancellationToken ct);

    private async Task<int> InvokeAsync(ParseResult result, CancellationToken ct)
    {
        using var client = new RegistryHttpClient(result.GetRequiredValue(_server));
        var error = result.InvocationConfiguration.Error;
        try
        {
            return await RunAsync(client, result, ct);
        }
        catch (RegistryApiException e)
        {
            await error.WriteLineAsync($"Error: {e.Code}: {e.Detail}");
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"Error: cannot reach the registry at {client.Address}: {e.Message}");
        }
        catch (JsonException e)
        {
            await error.WriteLineAsync($"Error: {client.Address} did not answer with the registry API's JSON: {e.Message}");
        }
        catch (TimeoutException e)
        {
            await error.WriteLineAsync($"Error: {e.Message}");
        }

        return 1;
    }

    /// <summary>Accepts "host:port" as well as a URL, like CONSUL_HTTP_ADDR; the trailing slash keeps relative API paths under any prefix.</summary>
    private static Uri? ParseAddress(string text, ArgumentResult result)
    {
        var url = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"'{text}' is not an http(s) address such as http://127.0.0.1:8500");
        return null;
    }
}
