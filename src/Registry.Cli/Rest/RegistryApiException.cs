namespace Registry.Cli.Rest;

/// <summary>The server answered with an error: <see cref="Code"/> is its ZooKeeper error name, or "HTTP nnn" without a problem body.</summary>
internal sealed class RegistryApiException(string code, string detail) : Exception($"{code}: {detail}")
{
    public string Code => code;

    public string Detail => detail;
}
