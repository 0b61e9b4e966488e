namespace Registry.Server.ZooKeeper.FourLetterWords;

/// <summary>4lw.commands.whitelist: a comma-separated list or "*"; srvr is always allowed, as in ZooKeeper.</summary>
public sealed class FourLetterWhitelist
{
    private readonly bool _all;
    private readonly HashSet<string> _words;

    public FourLetterWhitelist(string? setting)
    {
        var words = (setting ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _all = words.Contains("*");
        _words = new HashSet<string>(words, StringComparer.Ordinal) { "srvr" };
    }

    public bool Allows(string word) => _all || _words.Contains(word);
}
