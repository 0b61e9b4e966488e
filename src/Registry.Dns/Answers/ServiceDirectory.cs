using Registry.Catalog.Model;
using Registry.Dns.Options;

namespace Registry.Dns.Answers;

/// <summary>
/// The catalog's service names, looked up case-insensitively from a label without allocating, each with its
/// cached <see cref="ServiceAnswerSet"/>. A snapshot taken at one catalog index: the responder takes a new
/// one when a name is missing and the catalog has changed since.
/// </summary>
internal sealed class ServiceDirectory
{
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private readonly IReadOnlyList<string> _names;

    private ServiceDirectory(long index, IReadOnlyList<string> names, Dictionary<string, Entry> entries)
    {
        Index = index;
        _names = names;
        _lookup = entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static ServiceDirectory Empty { get; } = new(-1, [], new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The catalog index read before the names were.</summary>
    public long Index { get; }

    /// <summary>Lists the catalog's services, carrying over the answer sets of services already known.</summary>
    public static ServiceDirectory Capture(IServiceCatalog catalog, ServiceDirectory previous)
    {
        var index = catalog.Index;
        var names = catalog.ServiceNames;
        if (ReferenceEquals(names, previous._names))
        {
            // The catalog hands out one immutable list until the set of services changes: nothing to rebuild.
            return new ServiceDirectory(index, names, previous._lookup.Dictionary);
        }
        var entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            entries[name] = previous._lookup.Dictionary.TryGetValue(name, out var known) && known.Name == name ? known : new Entry(name);
        }
        return new ServiceDirectory(index, names, entries);
    }

    public Entry? Find(ReadOnlySpan<char> name) => _lookup.TryGetValue(name, out var entry) ? entry : null;

    /// <summary>One service and the answer set last built for it.</summary>
    internal sealed class Entry(string name)
    {
        private volatile ServiceAnswerSet? _answers;

        public string Name { get; } = name;

        /// <summary>The answer set for the service's current index, rebuilt when the index moved.</summary>
        public ServiceAnswerSet Answers(IServiceCatalog catalog, TtlPolicy ttls, bool onlyPassing)
        {
            // The index is read before the instances: a change racing with the build leaves a set stamped
            // older than its content, which the next query rebuilds, never the reverse.
            var index = catalog.ServiceIndex(Name);
            var answers = _answers;
            if (answers is null || answers.Index != index)
            {
                answers = ServiceAnswerSet.Build(index, ttls.ForService(Name), catalog.Instances(Name), onlyPassing);
                _answers = answers;
            }
            return answers;
        }
    }
}
