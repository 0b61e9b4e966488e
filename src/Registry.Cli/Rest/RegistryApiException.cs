namespace Registry.Cli.Rest;

/// <summary>The server answered with an error: <see cref="Code"/> is its ZooKeeper error name, or "HTTP nnn" without a problem body.</summary>
internal sealed class RegistryApiException(int status, string code, string detail) : Exception($"{code}: {detail}")
{
    public int Status => status;

    public string Code => code;

    public string Detail => detail;
}
