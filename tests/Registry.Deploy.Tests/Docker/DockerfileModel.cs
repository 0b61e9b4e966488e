using System.Text.Json;
using System.Text.RegularExpressions;

namespace Registry.Deploy.Tests.Docker;

/// <summary>One Dockerfile instruction with its continuation lines joined, and the stage it belongs to.</summary>
public sealed record Instruction(string Keyword, string Arguments, int Line, int Stage);

/// <summary>
/// The Dockerfile as BuildKit reads it: parser directives, comments, backslash continuations, stages. Enough to
/// assert on the image's contract (base images, user, ports, volume, environment, healthcheck, entrypoint).
/// </summary>
public sealed partial class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<string> directives, IReadOnlyList<Instruction> instructions)
    {
        Directives = directives;
        Instructions = instructions;
    }

    public IReadOnlyList<string> Directives { get; }

    public IReadOnlyList<Instruction> Instructions { get; }

    public IReadOnlyList<Instruction> Stages => [.. Instructions.Where(i => i.Keyword == "FROM")];

    public int FinalStage => Stages.Count - 1;

    public static DockerfileModel Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var directives = lines.TakeWhile(l => DirectivePattern().IsMatch(l)).ToList();
        var instructions = new List<Instruction>();
        var stage = -1;
        for (var i = directives.Count; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            var text = line;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                var next = lines[++i].Trim();
                text = text[..^1].TrimEnd() + (next.StartsWith('#') ? "" : " " + next);
            }

            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            stage += keyword == "FROM" ? 1 : 0;
            instructions.Add(new Instruction(keyword, space < 0 ? "" : text[(space + 1)..].Trim(), start, stage));
        }

        return new DockerfileModel(directives, instructions);
    }

    public IEnumerable<Instruction> In(int stage, string keyword) => Instructions.Where(i => i.Stage == stage && i.Keyword == keyword);

    /// <summary>The image a stage is built from ("FROM [--platform=...] image [AS name]").</summary>
    public static string BaseImage(Instruction from) => from.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(a => !a.StartsWith("--", StringComparison.Ordinal));

    /// <summary>The environment a stage's ENV instructions set (key=value pairs; later ones win).</summary>
    public Dictionary<string, string> Environment(int stage)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in In(stage, "ENV"))
        {
            foreach (Match pair in EnvPairPattern().Matches(instruction.Arguments))
            {
                env[pair.Groups["key"].Value] = pair.Groups["value"].Value.Trim('"');
            }
        }

        return env;
    }

    /// <summary>An exec-form (JSON array) command; shell form is refused, as a shell-less image cannot run it.</summary>
    public static string[] ExecForm(string arguments) =>
        arguments.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(arguments)! : throw new FormatException($"'{arguments}' is shell form, not exec form");

    [GeneratedRegex(@"^#\s*[a-zA-Z]+\s*=")]
    private static partial Regex DirectivePattern();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    private static partial Regex EnvPairPattern();
}
