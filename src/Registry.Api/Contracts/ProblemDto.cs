namespace Registry.Api.Contracts;

/// <summary>
/// RFC 9457 problem details, served as application/problem+json. <see cref="Code"/> is the ZooKeeper
/// error name (NoNode, BadVersion, ...) and <see cref="ZkCode"/> its number; a failed multi adds per-op results.
/// </summary>
public sealed record ProblemDto(string Type, string Title, int Status, string Detail, string Code, int? ZkCode, IReadOnlyList<MultiResultDto>? Results = null);
