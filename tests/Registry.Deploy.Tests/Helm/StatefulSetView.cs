using System.Text.Json.Nodes;

namespace Registry.Deploy.Tests.Helm;

/// <summary>The parts of a rendered StatefulSet the tests read: its registry container and that container's environment.</summary>
internal sealed class StatefulSetView(JsonObject statefulSet)
{
    public JsonNode Spec => statefulSet["spec"]!;

    public JsonNode PodSpec => Spec["template"]!["spec"]!;

    public JsonNode Container => PodSpec["containers"]!.AsArray().Single(c => (string?)c!["name"] == "registry")!;

    /// <summary>A literal environment variable's value.</summary>
    public string Env(string name) => (string?)EnvEntry(name)["value"] ?? throw new Xunit.Sdk.XunitException($"{name} has no literal value");

    public JsonNode EnvEntry(string name) =>
        Container["env"]!.AsArray().SingleOrDefault(e => (string?)e!["name"] == name) ?? throw new Xunit.Sdk.XunitException($"no env {name}");

    public int ContainerPort(string name) =>
        (int)Container["ports"]!.AsArray().Single(p => (string?)p!["name"] == name)!["containerPort"]!;
}
