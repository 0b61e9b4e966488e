namespace Registry.Health.Definitions;

public enum CheckKind
{
    Ttl,
    Http,
    Tcp,
    Grpc,
}
