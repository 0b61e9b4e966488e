using Registry.Tree.Nodes;

namespace Registry.Tree.Tests;

/// <summary>The node table against a dictionary, and its lock-free readers against a writer that grows and rebuilds it.</summary>
public sealed class NodeTableTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_adds_removes_and_replacements_agree_with_a_dictionary(int seed)
    {
        var random = new Random(seed);
        var table = new NodeTable();
        var model = new Dictionary<string, DataNode>(StringComparer.Ordinal);
        for (var step = 0; step < 20_000; step++)
        {
            var path = "/n" + random.Next(2_000);
            switch (random.Next(100))
            {
                case < 55:
                    var node = Node(path);
                    Assert.Equal(model.TryAdd(path, node), table.TryAdd(node));
                    break;
                case < 95:
                    var present = model.Remove(path, out var removed);
                    Assert.Equal(present, present && table.Remove(removed!));
                    break;
                case < 99:
                    Assert.False(table.Remove(Node(path)));
                    break;
                default:
                    if (random.Next(10) == 0)
                    {
                        var replacement = new NodeTable();
                        model.Clear();
                        for (var i = random.Next(50); i > 0; i--)
                        {
                            var kept = Node("/n" + random.Next(2_000));
                            if (replacement.TryAdd(kept))
                            {
                                model.Add(kept.Path, kept);
                            }
                        }

                        table.ReplaceWith(replacement);
                    }

                    break;
            }

            var probe = "/n" + random.Next(2_000);
            Assert.Equal(model.TryGetValue(probe, out var expected), table.TryGetValue(probe, out var actual));
            Assert.Same(expected, actual);
            Assert.Equal(model.Count, table.Count);
        }

        Assert.Equal(model.Values.OrderBy(n => n.Path, StringComparer.Ordinal), table.OrderBy(n => n.Path, StringComparer.Ordinal));
    }

    [Fact]
    public void Add_refuses_a_path_that_is_present_and_Get_one_that_is_absent()
    {
        var table = new NodeTable();
        table.Add(Node("/a"));
        Assert.False(table.TryAdd(Node("/a")));
        Assert.Throws<InvalidOperationException>(() => table.Add(Node("/a")));
        Assert.Throws<KeyNotFoundException>(() => table.Get("/b"));
        Assert.Equal("/a", table.Get("/a").Path);
    }

    [Fact]
    public async Task Readers_always_find_the_nodes_that_stay_while_the_writer_grows_churns_and_rebuilds()
    {
        var table = new NodeTable();
        var stable = Enumerable.Range(0, 500).Select(i => Node("/stable/" + i)).ToArray();
        foreach (var node in stable)
        {
            table.Add(node);
        }

        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var misses = 0;
            var lookups = 0;
            for (var i = r; !done.IsCancellationRequested || lookups < 100_000; i++, lookups++)
            {
                var node = stable[i % stable.Length];
                if (!table.TryGetValue(node.Path, out var found) || !ReferenceEquals(found, node))
                {
                    misses++;
                }

                Assert.False(table.ContainsKey("/never/" + (i % 7)));
                if (lookups >= 5_000_000)
                {
                    break;
                }
            }

            return misses;
        })).ToArray();

        // Grows through several doublings, then churns (tombstones and the rebuilds that clear them out).
        var churn = new List<DataNode>();
        for (var i = 0; i < 50_000; i++)
        {
            var node = Node("/churn/" + i);
            table.Add(node);
            churn.Add(node);
            if (i % 3 == 0)
            {
                Assert.True(table.Remove(churn[i / 2]));
            }
        }

        await done.CancelAsync();
        Assert.All(await Task.WhenAll(readers), misses => Assert.Equal(0, misses));
        Assert.All(stable, node => Assert.Same(node, table.Get(node.Path)));
    }

    [Fact]
    public void An_enumeration_sees_every_node_present_throughout_once_even_across_a_rebuild()
    {
        var table = new NodeTable();
        var stable = Enumerable.Range(0, 1_000).Select(i => Node("/s/" + i)).ToArray();
        foreach (var node in stable)
        {
            table.Add(node);
        }

        var seen = new List<DataNode>();
        var added = 0;
        foreach (var node in table)
        {
            seen.Add(node);

            // Enough additions during the walk to rebuild the array it walks at least once.
            for (var i = 0; i < 10; i++)
            {
                table.Add(Node($"/new/{added++}"));
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), stable.ToHashSet());
        Assert.Equal(1_000 + added, table.Count);
    }

    private static DataNode Node(string path) => new(path, [], [], 0, 0, 0);
}
