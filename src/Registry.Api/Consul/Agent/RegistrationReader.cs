using System.Text.Json;
using System.Text.Json.Nodes;
using Registry.Api.Consul.Contracts;
using Registry.Catalog.Documents;
using Registry.Catalog.Model;
using Registry.Health.Definitions;

namespace Registry.Api.Consul.Agent;

/// <summary>
/// Turns a Consul service registration into an instance document, with Consul's defaults (ID = Name, check
/// IDs service:&lt;id&gt;[:n], checks start critical) and its 400 texts for what it refuses.
/// </summary>
public static class RegistrationReader
{
    private static readonly string[] NestedDefinitions = ["check", "checks"];

    /// <summary>Parses a body; Consul also accepts snake_case keys, so underscores in field names are ignored.</summary>
    public static ServiceRegistrationDto Parse(byte[] body)
    {
        var node = JsonNode.Parse(body, new JsonNodeOptions { PropertyNameCaseInsensitive = true }) as JsonObject
            ?? throw new JsonException("the body must be a JSON object");
        Normalize(node);
        foreach (var (key, value) in node)
        {
            if (NestedDefinitions.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                if (value is JsonObject check)
                {
                    Normalize(check);
                }
                else if (value is JsonArray checks)
                {
                    foreach (var item in checks.OfType<JsonObject>())
                    {
                        Normalize(item);
                    }
                }
            }
        }

        return node.Deserialize(ConsulJsonContext.Default.ServiceRegistrationDto) ?? throw new JsonException("the body is null");
    }

    /// <summary>The document to store, or the reason it is refused.</summary>
    public static InstanceDocument? ToDocument(ServiceRegistrationDto dto, string node, HealthOptions health, out string? error)
    {
        error = ValidateService(dto);
        if (error is not null)
        {
            return null;
        }

        var id = string.IsNullOrEmpty(dto.Id) ? dto.Name! : dto.Id;
        var definitions = new List<CheckDefinitionDto>();
        if (dto.Check is { } single)
        {
            definitions.Add(single);
        }

        definitions.AddRange(dto.Checks ?? []);
        var checks = new List<CheckDocument>();
        for (var i = 0; i < definitions.Count; i++)
        {
            var defaultId = definitions.Count == 1 ? $"service:{id}" : $"service:{id}:{i + 1}";
            var check = ToCheck(definitions[i], defaultId, $"Service '{dto.Name}' check", health, out error);
            if (check is null)
            {
                return null;
            }

            if (checks.Any(c => c.CheckId == check.CheckId))
            {
                error = $"Invalid check: duplicate CheckID \"{check.CheckId}\"";
                return null;
            }

            checks.Add(check);
        }

        return new InstanceDocument
        {
            Service = dto.Name!,
            Id = id,
            Node = node,
            Address = dto.Address ?? "",
            Port = dto.Port,
            Tags = dto.Tags ?? [],
            Meta = dto.Meta ?? [],
            Weights = dto.Weights is { } w ? new WeightsDocument(w.Passing, w.Warning) : null,
            EnableTagOverride = dto.EnableTagOverride,
            Checks = checks,
        };
    }

    public static CheckDocument? ToCheck(CheckDefinitionDto dto, string defaultId, string defaultName, HealthOptions health, out string? error)
    {
        if (dto.Args is not null || dto.DockerContainerId is not null || dto.H2Ping is not null || dto.AliasService is not null)
        {
            error = "Invalid check: script, docker, H2PING and alias checks are not supported; use TTL, HTTP, TCP or GRPC";
            return null;
        }

        if (dto.GrpcUseTls)
        {
            error = "Invalid check: GRPCUseTLS is not supported; gRPC checks use HTTP/2 cleartext";
            return null;
        }

        var status = HealthStatus.Critical;
        if (dto.Status is { Length: > 0 } text && !TryParseStatus(text, out status))
        {
            error = "Status for checks must 'passing', 'warning', 'critical'";
            return null;
        }

        var check = new CheckDocument
        {
            CheckId = dto.CheckId is { Length: > 0 } checkId ? checkId : dto.Id is { Length: > 0 } alias ? alias : defaultId,
            Name = dto.Name is { Length: > 0 } name ? name : defaultName,
            Notes = dto.Notes ?? "",
            Http = dto.Http,
            Method = dto.Method,
            Header = dto.Header?.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value),
            Body = dto.Body,
            TlsSkipVerify = dto.TlsSkipVerify,
            Tcp = dto.Tcp,
            Grpc = dto.Grpc,
            Ttl = dto.Ttl,
            Interval = dto.Interval,
            Timeout = dto.Timeout,
            SuccessBeforePassing = dto.SuccessBeforePassing,
            FailuresBeforeWarning = dto.FailuresBeforeWarning,
            FailuresBeforeCritical = dto.FailuresBeforeCritical,
            DeregisterCriticalServiceAfter = dto.DeregisterCriticalServiceAfter,
            OutputMaxSize = dto.OutputMaxSize,
            Status = status,
        };
        if (!CheckSpec.TryCreate(check, health, out var spec, out error))
        {
            return null;
        }

        return check with { Type = CheckSpec.TypeName(spec!.Kind) };
    }

    public static bool TryParseStatus(string text, out HealthStatus status)
    {
        (var ok, status) = text switch
        {
            "passing" => (true, HealthStatus.Passing),
            "warning" => (true, HealthStatus.Warning),
            "critical" => (true, HealthStatus.Critical),
            _ => (false, HealthStatus.Critical),
        };
        return ok;
    }

    private static string? ValidateService(ServiceRegistrationDto dto)
    {
        if (string.IsNullOrEmpty(dto.Name))
        {
            return "Missing service name";
        }

        if (dto.Name.Length > 255 || dto.Name is "." or ".." || dto.Name.Any(c => c == '/' || char.IsControl(c)))
        {
            return $"Invalid service name \"{dto.Name}\": at most 255 characters, no '/' or control characters";
        }

        if (dto.Id is { Length: > 255 })
        {
            return "Invalid service ID: at most 255 characters";
        }

        if (dto.Address is "0.0.0.0" or "::" or "[::]")
        {
            return "Invalid service address";
        }

        if (dto.Port is < 0 or > 65535)
        {
            return "Invalid service port";
        }

        if (dto.Weights is { } weights && (weights.Passing < 1 || weights.Warning < 0 || weights.Passing > 65535 || weights.Warning > 65535))
        {
            return "Passing weight must be greater than 0";
        }

        var meta = dto.Meta ?? [];
        if (meta.Count > 64)
        {
            return "Meta: at most 64 keys";
        }

        foreach (var (key, value) in meta)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("consul-", StringComparison.Ordinal) || (value?.Length ?? 0) > 512)
            {
                return $"Invalid meta key \"{key}\": keys are 1-128 characters not starting with 'consul-', values at most 512";
            }
        }

        return null;
    }

    /// <summary>Drops underscores from field names (deregister_critical_service_after = DeregisterCriticalServiceAfter).</summary>
    private static void Normalize(JsonObject node)
    {
        foreach (var key in node.Select(p => p.Key).Where(k => k.Contains('_', StringComparison.Ordinal)).ToList())
        {
            var value = node[key];
            node.Remove(key);
            node[key.Replace("_", "", StringComparison.Ordinal)] = value;
        }
    }
}
