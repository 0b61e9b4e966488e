using Microsoft.Extensions.Logging.Abstractions;
using Registry.Server.Options;
using Registry.Server.Storage;

namespace Registry.Server.Tests;

public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("registry-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_second_database_on_the_same_directory_is_refused_until_the_first_closes()
    {
        var options = new ServerOptions { DataDir = _dir };
        using (TreeDatabase.Open(options, NullLogger.Instance))
        {
            var refused = Assert.Throws<IOException>(() => TreeDatabase.Open(options, NullLogger.Instance));
            Assert.Contains("in use by another registry server", refused.Message, StringComparison.Ordinal);
        }

        using var reopened = TreeDatabase.Open(options, NullLogger.Instance);
        Assert.Equal(0, reopened.Tree.LastZxid);
    }
}
