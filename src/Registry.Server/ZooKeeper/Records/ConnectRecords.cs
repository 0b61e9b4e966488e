using Registry.Server.ZooKeeper.Jute;

namespace Registry.Server.ZooKeeper.Records;

/// <summary>
/// The first frame of a session connection (no request header). <see cref="HasReadOnlyFlag"/> records whether
/// the optional trailing boolean was present: the response mirrors that shape (node-zookeeper-client omits it).
/// </summary>
public sealed record ConnectRequest(int ProtocolVersion, long LastZxidSeen, int TimeoutMs, long SessionId, byte[] Password, bool ReadOnly, bool HasReadOnlyFlag)
{
    public static ConnectRequest Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new JuteReader(payload);
        var protocolVersion = reader.ReadInt();
        var lastZxid = reader.ReadLong();
        var timeout = reader.ReadInt();
        var sessionId = reader.ReadLong();
        var password = reader.ReadBuffer() ?? [];
        var hasFlag = reader.Remaining > 0;
        var readOnly = hasFlag && reader.ReadBool();
        return new ConnectRequest(protocolVersion, lastZxid, timeout, sessionId, password, readOnly, hasFlag);
    }
}

/// <summary>The answer to a ConnectRequest; timeout 0 with session id 0 means "expired or invalid".</summary>
public sealed record ConnectResponse(int TimeoutMs, long SessionId, byte[] Password, bool HasReadOnlyFlag)
{
    public const int PasswordLength = 16;

    public static ConnectResponse Expired(bool hasReadOnlyFlag) => new(0, 0, new byte[PasswordLength], hasReadOnlyFlag);

    public void WriteFrame(JuteWriter writer)
    {
        writer.BeginFrame();
        writer.WriteInt(0);
        writer.WriteInt(TimeoutMs);
        writer.WriteLong(SessionId);
        writer.WriteBuffer(Password);
        if (HasReadOnlyFlag)
        {
            writer.WriteBool(false);
        }

        writer.EndFrame();
    }
}
