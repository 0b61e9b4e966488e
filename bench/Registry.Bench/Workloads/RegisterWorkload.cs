using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads;

/// <summary>
/// The life of one service instance: open a session, register an ephemeral_sequential instance node
/// under it, close the session (which removes the node). One operation is the whole cycle.
/// </summary>
internal sealed class RegisterWorkload : IWorkload
{
    private const int OpenStep = 0;
    private const int RegisterStep = 1;
    private const int CloseStep = 2;

    private static readonly byte[] SessionRequest = Encoding.UTF8.GetBytes("""{"timeoutMs":30000}""");

    private readonly RegistryTransport _transport;
    private readonly RunPrefix _prefix;
    private readonly string _servicePath;
    private readonly Uri _registerUri;
    private readonly byte[] _instance = Payload.ServiceInstance(200);

    public RegisterWorkload(RegistryTransport transport, RunPrefix prefix)
    {
        _transport = transport;
        _prefix = prefix;
        _servicePath = prefix.Path + "/svc";
        _registerUri = transport.Znode(_servicePath + "/instance-", "?mode=ephemeral_sequential");
    }

    public string Unit => "cycle";

    public IReadOnlyList<string> Steps { get; } = ["session-open", "instance-create", "session-close"];

    public async Task<bool> SetupAsync(IReadOnlyList<VirtualClient> clients) =>
        await RunPrefix.CreateNodeAsync(clients[0], _prefix.Path)
        && await RunPrefix.CreateNodeAsync(clients[0], _servicePath);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ExecuteAsync(VirtualClient client)
    {
        var opened = await client.SendAsync(
            HttpMethod.Post, _transport.Sessions, RegistryTransport.Body(SessionRequest, MediaTypes.Json), HttpStatusCode.Created, OpenStep);
        if (!opened.Ok)
        {
            return false;
        }

        if (SessionId(opened.Body.Span) is not { } session)
        {
            _transport.Errors.Record(client.Phase, HttpMethod.Post, _transport.Sessions, (int)HttpStatusCode.Created,
                "reply has no string \"id\": " + Encoding.UTF8.GetString(opened.Body.Span));
            return false;
        }

        var registered = await client.SendAsync(
            HttpMethod.Post, _registerUri, RegistryTransport.Body(_instance, MediaTypes.Json), HttpStatusCode.Created, RegisterStep, session);

        // Closed even after a failed registration, so a failing run does not leave sessions to expire.
        var closed = await client.SendAsync(HttpMethod.Delete, _transport.Session(session), null, HttpStatusCode.NoContent, CloseStep);
        return registered.Ok && closed.Ok;
    }

    private static string? SessionId(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                // Depth 1: a property of the top-level object, not of something nested in it.
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // Falls through: a malformed reply is reported like one without an id.
        }

        return null;
    }
}
