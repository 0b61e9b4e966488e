using Registry.Health.Ownership;

namespace Registry.Health.Tests;

public sealed class CheckOwnershipTests
{
    private sealed class FixedView(int self, params int[] members) : IClusterView
    {
        public int Self => self;

        public IReadOnlyList<int> LiveMembers { get; set; } = members;

        public event Action? Changed
        {
            add { }
            remove { }
        }
    }

    private static readonly string[] Keys = [.. Enumerable.Range(0, 3000).Select(i => $"/services/s/instance-{i:D10}\nservice:s-{i}")];

    [Fact]
    public void Every_check_has_exactly_one_owner_and_the_load_is_spread()
    {
        var views = new[] { 1, 2, 3 }.Select(id => new CheckOwnership(new FixedView(id, 1, 2, 3))).ToList();
        foreach (var key in Keys)
        {
            Assert.Single(views, v => v.IsMine(key));
        }

        Assert.All(views, v => Assert.InRange(Keys.Count(v.IsMine), 800, 1200));
    }

    [Fact]
    public void When_a_member_dies_only_its_checks_move()
    {
        var before = new CheckOwnership(new FixedView(1, 1, 2, 3));
        var after = new CheckOwnership(new FixedView(1, 1, 3));
        foreach (var key in Keys)
        {
            var owner = before.OwnerOf(key);
            if (owner != 2)
            {
                Assert.Equal(owner, after.OwnerOf(key));
            }
            else
            {
                Assert.Contains(after.OwnerOf(key), new[] { 1, 3 });
            }
        }
    }

    [Fact]
    public void A_standalone_server_owns_everything()
    {
        var ownership = new CheckOwnership(new StandaloneClusterView(7));
        Assert.All(Keys.Take(100), k => Assert.True(ownership.IsMine(k)));
    }
}
