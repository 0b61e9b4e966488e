using System.Globalization;
using System.Text.Json.Nodes;

namespace Registry.Deploy.Tests.Helm;

/// <summary>What `helm template` renders: the ensemble's wiring, probes, storage, security and disruption budget.</summary>
public sealed class ChartRenderingTests
{
    private const string PeersDomain = "registry-peers.prod.svc.cluster.local";

    [Fact]
    public async Task Default_release_is_three_voters_whose_server_ids_are_their_pod_ordinals()
    {
        var manifests = await Chart.RenderAsync();
        var sts = new StatefulSetView(manifests.Get("StatefulSet", "registry"));

        Assert.Equal(3, (int)sts.Spec["replicas"]!);
        Assert.Equal("registry-peers", (string?)sts.Spec["serviceName"]);
        Assert.Equal("Parallel", (string?)sts.Spec["podManagementPolicy"]);
        Assert.Equal(
            "metadata.labels['apps.kubernetes.io/pod-index']",
            (string?)sts.EnvEntry("Registry__ServerId")["valueFrom"]!["fieldRef"]!["fieldPath"]);

        // Pod <sts>-N gets pod-index N, so every pod's server id must be the id the peers list gives its DNS name.
        var peers = ParsePeers(sts.Env("Registry__Peers"));
        Assert.Equal(
            PodsOf("registry", sts).Select(p => (p.Ordinal, $"{p.Name}.{PeersDomain}", 2888, 3888, false)),
            peers);
        Assert.Equal([1, 2, 3], peers.Select(p => p.Id));
    }

    [Fact]
    public async Task Observers_are_a_second_statefulset_whose_ids_follow_the_voters()
    {
        var manifests = await Chart.RenderAsync("observers.replicas=2");
        var voters = new StatefulSetView(manifests.Get("StatefulSet", "registry"));
        var observers = new StatefulSetView(manifests.Get("StatefulSet", "registry-observer"));

        Assert.Equal(2, (int)observers.Spec["replicas"]!);
        Assert.Equal("registry-peers", (string?)observers.Spec["serviceName"]);
        Assert.Equal(voters.Env("Registry__Peers"), observers.Env("Registry__Peers"));
        var expected = PodsOf("registry", voters).Select(p => (p.Ordinal, $"{p.Name}.{PeersDomain}", 2888, 3888, false))
            .Concat(PodsOf("registry-observer", observers).Select(p => (p.Ordinal, $"{p.Name}.{PeersDomain}", 2888, 3888, true)));
        Assert.Equal(expected, ParsePeers(voters.Env("Registry__Peers")));
        Assert.Equal([4, 5], PodsOf("registry-observer", observers).Select(p => p.Ordinal));

        // The two sets must not select each other's pods, or the StatefulSet controller fights over them.
        Assert.Equal("server", (string?)voters.Spec["selector"]!["matchLabels"]!["app.kubernetes.io/component"]);
        Assert.Equal("observer", (string?)observers.Spec["selector"]!["matchLabels"]!["app.kubernetes.io/component"]);
    }

    [Fact]
    public async Task Custom_ports_reach_the_peers_list_the_container_and_the_services()
    {
        var manifests = await Chart.RenderAsync("ports.quorum=2890", "ports.election=3890", "ports.http=9500", "clusterDomain=example.internal");
        var sts = new StatefulSetView(manifests.Get("StatefulSet", "registry"));

        Assert.StartsWith("1=registry-1.registry-peers.prod.svc.example.internal:2890:3890,", sts.Env("Registry__Peers"), StringComparison.Ordinal);
        Assert.Equal("9500", sts.Env("Registry__HttpPort"));
        Assert.Equal("http://127.0.0.1:9500", sts.Env("REGISTRY_ADDR"));
        Assert.Equal(9500, sts.ContainerPort("http"));
        Assert.Equal(2890, sts.ContainerPort("quorum"));
        Assert.Contains(ServicePorts(manifests.Get("Service", "registry")), p => p == ("http", 9500, "TCP"));
    }

    [Fact]
    public async Task Single_voter_without_observers_runs_standalone_without_a_disruption_budget()
    {
        var manifests = await Chart.RenderAsync("replicas=1");
        var sts = new StatefulSetView(manifests.Get("StatefulSet", "registry"));

        Assert.Equal("", sts.Env("Registry__Peers"));
        Assert.Empty(manifests.OfKind("PodDisruptionBudget"));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    [InlineData(7, 3)]
    public async Task Disruption_budget_keeps_a_quorum_of_voters(int replicas, int maxUnavailable)
    {
        var manifests = await Chart.RenderAsync(string.Create(CultureInfo.InvariantCulture, $"replicas={replicas}"), "observers.replicas=2");
        var pdb = manifests.Get("PodDisruptionBudget", "registry");

        Assert.Equal(maxUnavailable, (int)pdb["spec"]!["maxUnavailable"]!);
        Assert.Equal(replicas - ((replicas / 2) + 1), maxUnavailable);
        var voters = manifests.Get("StatefulSet", "registry")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var observers = manifests.Get("StatefulSet", "registry-observer")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.True(Selects(pdb["spec"]!["selector"]!["matchLabels"]!.AsObject(), voters));
        Assert.False(Selects(pdb["spec"]!["selector"]!["matchLabels"]!.AsObject(), observers));
    }

    [Fact]
    public async Task Services_expose_peers_clients_and_dns_and_select_the_servers()
    {
        var manifests = await Chart.RenderAsync("observers.replicas=1");
        var peers = manifests.Get("Service", "registry-peers");
        var client = manifests.Get("Service", "registry");
        var dns = manifests.Get("Service", "registry-dns");

        Assert.Equal("None", (string?)peers["spec"]!["clusterIP"]);
        Assert.True((bool)peers["spec"]!["publishNotReadyAddresses"]!);
        Assert.Contains(("quorum", 2888, "TCP"), ServicePorts(peers));
        Assert.Contains(("election", 3888, "TCP"), ServicePorts(peers));
        Assert.Equal([("http", 8500, "TCP"), ("zookeeper", 2181, "TCP")], ServicePorts(client));
        Assert.Equal([("dns-udp", 8600, "UDP"), ("dns-tcp", 8600, "TCP")], ServicePorts(dns));

        foreach (var set in manifests.OfKind("StatefulSet").Select(s => new StatefulSetView(s)))
        {
            var podLabels = set.Spec["template"]!["metadata"]!["labels"]!.AsObject();
            var portNames = set.Container["ports"]!.AsArray().Select(p => (string?)p!["name"]).ToHashSet();
            foreach (var service in new[] { peers, client, dns })
            {
                Assert.True(Selects(service["spec"]!["selector"]!.AsObject(), podLabels), $"{service["metadata"]!["name"]} does not select {set.Spec["serviceName"]}");
                Assert.All(service["spec"]!["ports"]!.AsArray(), p => Assert.Contains((string?)p!["targetPort"], portNames));
            }
        }
    }

    [Fact]
    public async Task Servers_probe_readiness_and_liveness_on_the_status_endpoints()
    {
        var sts = new StatefulSetView((await Chart.RenderAsync()).Get("StatefulSet", "registry"));

        Assert.Equal("/v1/status/ready", (string?)sts.Container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/v1/status/live", (string?)sts.Container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/v1/status/live", (string?)sts.Container["startupProbe"]!["httpGet"]!["path"]);
        Assert.All(
            new[] { "readinessProbe", "livenessProbe", "startupProbe" },
            probe => Assert.Equal("http", (string?)sts.Container[probe]!["httpGet"]!["port"]));
    }

    [Fact]
    public async Task Servers_run_unprivileged_on_a_read_only_root_with_writable_data_and_tmp()
    {
        var sts = new StatefulSetView((await Chart.RenderAsync()).Get("StatefulSet", "registry"));
        var pod = sts.PodSpec["securityContext"]!;
        var container = sts.Container["securityContext"]!;

        Assert.True((bool)pod["runAsNonRoot"]!);
        Assert.Equal(1654, (int)pod["runAsUser"]!);
        Assert.Equal("RuntimeDefault", (string?)pod["seccompProfile"]!["type"]);
        Assert.True((bool)container["readOnlyRootFilesystem"]!);
        Assert.False((bool)container["allowPrivilegeEscalation"]!);
        Assert.Equal(["ALL"], container["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
        Assert.False((bool)sts.PodSpec["automountServiceAccountToken"]!);

        var mounts = sts.Container["volumeMounts"]!.AsArray().ToDictionary(m => (string)m!["mountPath"]!, m => (string)m!["name"]!);
        Assert.Equal(new Dictionary<string, string> { ["/data"] = "data", ["/tmp"] = "tmp" }, mounts);
        Assert.Equal("/data", sts.Env("Registry__DataDir"));
        Assert.NotNull(sts.PodSpec["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "tmp")!["emptyDir"]);
        var claim = sts.Spec["volumeClaimTemplates"]!.AsArray().Single()!;
        Assert.Equal("data", (string?)claim["metadata"]!["name"]);
        Assert.Equal("8Gi", (string?)claim["spec"]!["resources"]!["requests"]!["storage"]);

        Assert.NotNull(sts.Container["resources"]!["requests"]!["memory"]);
        Assert.NotNull(sts.Container["resources"]!["limits"]!["memory"]);
    }

    [Fact]
    public async Task Every_object_carries_the_standard_labels()
    {
        var manifests = await Chart.RenderAsync("observers.replicas=1", "serviceMonitor.enabled=true");

        Assert.All(manifests.Objects, o =>
        {
            var labels = o["metadata"]!["labels"]!;
            Assert.Equal("registry-0.1.0", (string?)labels["helm.sh/chart"]);
            Assert.Equal("registry", (string?)labels["app.kubernetes.io/name"]);
            Assert.Equal(Chart.Release, (string?)labels["app.kubernetes.io/instance"]);
            Assert.Equal("Helm", (string?)labels["app.kubernetes.io/managed-by"]);
            Assert.Equal("0.1.0", (string?)labels["app.kubernetes.io/version"]);
            Assert.Equal(Chart.Namespace, (string?)o["metadata"]!["namespace"]);
        });
    }

    [Fact]
    public async Task Service_monitor_scrapes_the_configured_path_on_every_server()
    {
        Assert.Empty((await Chart.RenderAsync()).OfKind("ServiceMonitor"));

        var manifests = await Chart.RenderAsync("serviceMonitor.enabled=true", "serviceMonitor.path=/v1/metrics");
        var monitor = manifests.Get("ServiceMonitor", "registry");
        var endpoint = monitor["spec"]!["endpoints"]!.AsArray().Single()!;

        Assert.Equal("/v1/metrics", (string?)endpoint["path"]);
        Assert.Equal("http", (string?)endpoint["port"]);
        var scraped = manifests.OfKind("Service").Where(s => Selects(monitor["spec"]!["selector"]!["matchLabels"]!.AsObject(), s["metadata"]!["labels"]!.AsObject())).ToList();
        var peers = Assert.Single(scraped);
        Assert.Equal("registry-peers", (string?)peers["metadata"]!["name"]);
        Assert.Contains(ServicePorts(peers), p => p.Name == "http");
    }

    /// <summary>Registry__Peers entries "id=host:quorum:election[:observer]", in order.</summary>
    private static List<(int Id, string Host, int Quorum, int Election, bool Observer)> ParsePeers(string peers) =>
    [
        .. peers.Split(',').Select(entry =>
        {
            var (id, address) = (entry[..entry.IndexOf('=', StringComparison.Ordinal)], entry[(entry.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var parts = address.Split(':');
            Assert.InRange(parts.Length, 3, 4);
            return (int.Parse(id, CultureInfo.InvariantCulture), parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture),
                int.Parse(parts[2], CultureInfo.InvariantCulture), parts.Length == 4 && parts[3] == "observer");
        }),
    ];

    /// <summary>The pods a StatefulSet creates: "&lt;name&gt;-&lt;ordinal&gt;" for ordinals from spec.ordinals.start (0 when absent).</summary>
    private static IEnumerable<(string Name, int Ordinal)> PodsOf(string name, StatefulSetView set)
    {
        var start = (int?)set.Spec["ordinals"]?["start"] ?? 0;
        return Enumerable.Range(start, (int)set.Spec["replicas"]!).Select(o => (string.Create(CultureInfo.InvariantCulture, $"{name}-{o}"), o));
    }

    private static List<(string Name, int Port, string Protocol)> ServicePorts(JsonObject service) =>
        [.. service["spec"]!["ports"]!.AsArray().Select(p => ((string)p!["name"]!, (int)p["port"]!, (string)p["protocol"]!))];

    private static bool Selects(JsonObject selector, JsonObject labels) =>
        selector.All(kv => labels.TryGetPropertyValue(kv.Key, out var value) && (string?)value == (string?)kv.Value);
}
