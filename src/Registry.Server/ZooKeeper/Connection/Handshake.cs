using System.Net;
using Microsoft.Extensions.Logging;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Server.ZooKeeper.Connection;

/// <summary>ZooKeeper's processConnectRequest: new session, resumed session, or refusal.</summary>
public static class Handshake
{
    /// <summary>
    /// The ConnectResponse to send, or null to close without answering (the client has seen a newer state
    /// than this server, so it must try another one). An expired or unknown session, or a wrong password,
    /// gets timeout 0 / session 0, after which the connection is closed.
    /// </summary>
    public static async Task<ConnectResponse?> NegotiateAsync(ZooKeeperContext zk, ConnectRequest request, EndPoint? remote)
    {
        var lastZxid = zk.Server.LastZxid;
        if (request.LastZxidSeen > lastZxid)
        {
            zk.Logger.LogInformation(
                "Refusing connection from {Remote}: it has seen zxid 0x{ClientZxid:x}, this server is at 0x{ServerZxid:x}", remote, request.LastZxidSeen, lastZxid);
            return null;
        }

        if (request.SessionId == 0)
        {
            try
            {
                var (id, timeout) = await zk.Sessions.CreateAsync(request.TimeoutMs);
                return new ConnectResponse(timeout, id, zk.Passwords.For(id), request.HasReadOnlyFlag);
            }
            catch (KeeperException e)
            {
                zk.Logger.LogWarning("Could not open a session for {Remote}: {Reason}", remote, e.Message);
                return null;
            }
        }

        if (zk.Passwords.IsValid(request.SessionId, request.Password) && zk.Sessions.Touch(request.SessionId)
            && zk.Server.Tree.Sessions.TryGetValue(request.SessionId, out var negotiated))
        {
            return new ConnectResponse(negotiated, request.SessionId, zk.Passwords.For(request.SessionId), request.HasReadOnlyFlag);
        }

        zk.Logger.LogInformation("Session 0x{SessionId:x} from {Remote} is expired, unknown or has a wrong password", request.SessionId, remote);
        return ConnectResponse.Expired(request.HasReadOnlyFlag);
    }
}
