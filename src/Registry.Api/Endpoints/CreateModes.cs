using Registry.Tree;

namespace Registry.Api.Endpoints;

/// <summary>The ?mode= names of the native API.</summary>
public static class CreateModes
{
    public static CreateMode Parse(string? mode) => (mode ?? "persistent") switch
    {
        "persistent" => CreateMode.Persistent,
        "persistent_sequential" => CreateMode.PersistentSequential,
        "ephemeral" => CreateMode.Ephemeral,
        "ephemeral_sequential" => CreateMode.EphemeralSequential,
        "container" => CreateMode.Container,
        "persistent_ttl" => CreateMode.PersistentWithTtl,
        "persistent_sequential_ttl" => CreateMode.PersistentSequentialWithTtl,
        _ => throw new KeeperException(ErrorCode.BadArguments,
            $"unknown mode '{mode}': use persistent, persistent_sequential, ephemeral, ephemeral_sequential, container, persistent_ttl or persistent_sequential_ttl"),
    };
}
