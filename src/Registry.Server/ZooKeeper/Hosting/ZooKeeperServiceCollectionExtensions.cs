using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Registry.Server.Pipeline;
using Registry.Server.Sessions;
using Registry.Server.ZooKeeper.Connection;
using Registry.Server.ZooKeeper.FourLetterWords;
using Registry.Server.ZooKeeper.Watches;

namespace Registry.Server.ZooKeeper.Hosting;

public static class ZooKeeperServiceCollectionExtensions
{
    /// <summary>Registers the ZooKeeper front door; host it with <see cref="UseZooKeeperProtocol"/> on a listener.</summary>
    public static IServiceCollection AddZooKeeperProtocol(this IServiceCollection services)
    {
        services.AddSingleton<SessionPasswords>();
        services.AddSingleton<NotificationGate>();
        services.AddSingleton<IApplyObserver>(sp => sp.GetRequiredService<NotificationGate>());
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<ServerStats>();
        services.AddSingleton<ZooKeeperContext>();
        services.AddSingleton<FourLetterWordResponder>();
        return services;
    }

    /// <summary>Serves the ZooKeeper client protocol and four-letter words on a Kestrel listener.</summary>
    public static IConnectionBuilder UseZooKeeperProtocol(this IConnectionBuilder listener) =>
        listener.UseConnectionHandler<ZooKeeperConnectionHandler>();
}
