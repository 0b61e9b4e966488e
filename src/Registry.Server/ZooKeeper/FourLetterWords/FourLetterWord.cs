using System.Buffers.Binary;
using System.Text;

namespace Registry.Server.ZooKeeper.FourLetterWords;

/// <summary>The four-letter words this server answers, recognised from a connection's first 4 bytes.</summary>
public static class FourLetterWord
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "ruok", "stat", "srvr", "mntr", "conf", "cons", "crst", "srst", "wchs", "wchc", "wchp", "envi", "isro", "dirs",
    };

    public static bool TryParse(int firstInt, out string word)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, firstInt);
        word = Encoding.ASCII.GetString(bytes);
        return Known.Contains(word);
    }
}
