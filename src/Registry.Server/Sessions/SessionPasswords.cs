using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Registry.Server.Options;

namespace Registry.Server.Sessions;

/// <summary>
/// Session passwords as a pure function of (session id, secret): HMAC-SHA256 truncated to ZooKeeper's 16
/// bytes. Nothing is stored per session, so any server holding the same secret can verify a reconnecting
/// client. The secret is <see cref="ServerOptions.SessionSecret"/> (set the same value on every server of an
/// ensemble) or, when unset, a random one kept in the data directory so passwords survive restarts.
/// </summary>
public sealed class SessionPasswords
{
    public const int Length = 16;
    private const string SecretFileName = "session.secret";
    private readonly byte[] _key;

    public SessionPasswords(ServerOptions options)
    {
        _key = string.IsNullOrEmpty(options.SessionSecret) ? LoadOrCreateSecret(options.DataDir) : Encoding.UTF8.GetBytes(options.SessionSecret);
    }

    public byte[] For(long sessionId)
    {
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, sessionId);
        return HMACSHA256.HashData(_key, id)[..Length];
    }

    public bool IsValid(long sessionId, ReadOnlySpan<byte> password) =>
        password.Length == Length && CryptographicOperations.FixedTimeEquals(For(sessionId), password);

    private static byte[] LoadOrCreateSecret(string dataDir)
    {
        var path = Path.Combine(dataDir, SecretFileName);
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        Directory.CreateDirectory(dataDir);
        var secret = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temp, options))
        {
            file.Write(secret);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        return secret;
    }
}
