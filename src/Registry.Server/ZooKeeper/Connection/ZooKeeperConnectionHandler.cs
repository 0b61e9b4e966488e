using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Registry.Server.ZooKeeper.FourLetterWords;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;

namespace Registry.Server.ZooKeeper.Connection;

/// <summary>
/// Kestrel's entry point for the ZooKeeper port. The first 4 bytes decide: a known four-letter word is
/// answered in text and the connection closed; anything else is the length of a ConnectRequest.
/// </summary>
public sealed class ZooKeeperConnectionHandler(ZooKeeperContext zk, FourLetterWordResponder fourLetterWords) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var ct = connection.ConnectionClosed;
        try
        {
            var first = await FrameReader.PeekFirstIntAsync(input, ct);
            if (first is null)
            {
                return;
            }

            if (FourLetterWord.TryParse(first.Value, out var word))
            {
                var result = await input.ReadAsync(ct);
                input.AdvanceTo(result.Buffer.End);
                await connection.Transport.Output.WriteAsync(fourLetterWords.Respond(word, connection.RemoteEndPoint), ct);
                return;
            }

            var payload = await FrameReader.ReadAsync(input, zk.Options.ZooKeeperMaxFrameBytes, ct);
            if (payload is null)
            {
                return;
            }

            var response = await Handshake.NegotiateAsync(zk, ConnectRequest.Decode(payload), connection.RemoteEndPoint);
            if (response is null)
            {
                return;
            }

            var writer = new JuteWriter(48);
            response.WriteFrame(writer);
            await connection.Transport.Output.WriteAsync(writer.ToArray(), ct);
            if (response.SessionId == 0)
            {
                return;
            }

            using var client = new ClientConnection(connection, zk, response.SessionId, response.TimeoutMs);
            await client.RunAsync();
        }
        catch (FrameTooLargeException e)
        {
            zk.Logger.LogWarning("Closing ZooKeeper connection from {Remote}: {Reason}", connection.RemoteEndPoint, e.Message);
        }
        catch (JuteException e)
        {
            zk.Logger.LogWarning("Closing ZooKeeper connection from {Remote}: malformed ConnectRequest ({Reason})", connection.RemoteEndPoint, e.Message);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
        {
            zk.Logger.LogDebug(e, "ZooKeeper connection from {Remote} ended during the handshake", connection.RemoteEndPoint);
        }
    }
}
