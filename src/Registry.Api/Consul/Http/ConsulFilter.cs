using System.Globalization;
using System.Text;
using Registry.Catalog.Index;

namespace Registry.Api.Consul.Http;

/// <summary>
/// The common subset of Consul's <c>?filter=</c> language over instances: <c>Sel == "v"</c>, <c>Sel != "v"</c>,
/// <c>"v" in Sel</c>, <c>"v" not in Sel</c>, <c>Sel contains "v"</c>, <c>Sel is empty</c>, <c>Sel is not empty</c>,
/// combined with <c>and</c>, <c>or</c>, <c>not</c> and parentheses. Selectors name the instance in any of the
/// spellings Consul's endpoints use: <c>ServiceName</c>/<c>Service.Service</c>/<c>Service</c>, <c>ServiceID</c>/<c>ID</c>,
/// <c>ServiceTags</c>/<c>Tags</c>, <c>ServiceMeta.k</c>/<c>Meta.k</c>, <c>ServicePort</c>/<c>Port</c>,
/// <c>ServiceAddress</c>, <c>Node</c>.
/// </summary>
public sealed class ConsulFilter
{
    private readonly Func<CatalogEntry, bool> _predicate;

    private ConsulFilter(Func<CatalogEntry, bool> predicate) => _predicate = predicate;

    public bool Matches(CatalogEntry entry) => _predicate(entry);

    /// <summary>Parses an expression; false with Consul's error text when it is not one.</summary>
    public static bool TryParse(string text, out ConsulFilter? filter, out string? error)
    {
        filter = null;
        error = null;
        try
        {
            var parser = new Parser(Tokenize(text));
            var predicate = parser.Or();
            parser.End();
            filter = new ConsulFilter(predicate);
            return true;
        }
        catch (FormatException e)
        {
            error = $"Failed to create boolean expression evaluator: {e.Message}";
            return false;
        }
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '=' or '!' && i + 1 < text.Length && text[i + 1] == '=')
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if (c is '"' or '`')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new FormatException("unterminated string");
                }

                tokens.Add("\"" + text[(i + 1)..end]);
                i = end + 1;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.' or '-')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                throw new FormatException($"unexpected '{c}' at {i}");
            }
        }

        return tokens;
    }

    /// <summary>The values a selector names on an instance (several for tags).</summary>
    private static Func<CatalogEntry, IReadOnlyList<string>> Selector(string name)
    {
        var canonical = name.StartsWith("Service.", StringComparison.Ordinal) ? name["Service.".Length..]
            : name.StartsWith("Service", StringComparison.Ordinal) && name.Length > "Service".Length ? name["Service".Length..]
            : name;
        if (canonical.StartsWith("Meta.", StringComparison.Ordinal))
        {
            var key = canonical["Meta.".Length..];
            return e => e.Instance.Meta.TryGetValue(key, out var value) ? [value] : [];
        }

        return canonical switch
        {
            "Service" or "Name" => e => [e.Instance.Service],
            "ID" => e => [e.Instance.Id],
            "Tags" => e => e.Instance.Tags,
            "Port" => e => [e.Instance.Port.ToString(CultureInfo.InvariantCulture)],
            "Address" => e => [e.Instance.Address],
            "Node" or "Node.Node" => e => [e.Instance.Node],
            _ => throw new FormatException($"unknown selector '{name}'"),
        };
    }

    private sealed class Parser(List<string> tokens)
    {
        private int _at;

        public Func<CatalogEntry, bool> Or()
        {
            var left = And();
            while (Accept("or"))
            {
                var (l, r) = (left, And());
                left = e => l(e) || r(e);
            }

            return left;
        }

        public void End()
        {
            if (_at < tokens.Count)
            {
                throw new FormatException($"unexpected '{tokens[_at].TrimStart('"')}'");
            }
        }

        private Func<CatalogEntry, bool> And()
        {
            var left = Unary();
            while (Accept("and"))
            {
                var (l, r) = (left, Unary());
                left = e => l(e) && r(e);
            }

            return left;
        }

        private Func<CatalogEntry, bool> Unary()
        {
            if (Accept("not"))
            {
                var inner = Unary();
                return e => !inner(e);
            }

            if (Accept("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            return Match();
        }

        private Func<CatalogEntry, bool> Match()
        {
            if (Peek()?.StartsWith('"') == true)
            {
                var value = Next()[1..];
                var negate = Accept("not");
                Expect("in");
                var values = Selector(Next());
                return e => values(e).Contains(value, StringComparer.Ordinal) != negate;
            }

            var selector = Selector(Next());
            var op = Next();
            switch (op)
            {
                case "==":
                case "!=":
                    var expected = Value();
                    return e => selector(e).Any(v => v == expected) == (op == "==");
                case "contains":
                    var needle = Value();
                    return e => selector(e).Contains(needle, StringComparer.Ordinal);
                case "not":
                    Expect("contains");
                    var absent = Value();
                    return e => !selector(e).Contains(absent, StringComparer.Ordinal);
                case "is":
                    var not = Accept("not");
                    Expect("empty");
                    return e => selector(e).All(string.IsNullOrEmpty) != not;
                default:
                    throw new FormatException($"unknown operator '{op}'");
            }
        }

        private string Value()
        {
            var token = Next();
            return token.StartsWith('"') ? token[1..] : token;
        }

        private string? Peek() => _at < tokens.Count ? tokens[_at] : null;

        private string Next() => _at < tokens.Count ? tokens[_at++] : throw new FormatException("unexpected end of expression");

        private bool Accept(string token)
        {
            if (Peek() == token)
            {
                _at++;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!Accept(token))
            {
                throw new FormatException($"expected '{token}'");
            }
        }
    }
}
