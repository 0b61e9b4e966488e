using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Tree.Tests;

public class ZPathTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/a")]
    [InlineData("/zookeeper/quota")]
    [InlineData("/a b")]
    [InlineData("/a/.b/c.")]
    [InlineData("/...")]
    [InlineData("/a/..b")]
    [InlineData("/ä€")]
    [InlineData("/\u0020")]
    [InlineData("/\u007e")]
    [InlineData("/\u00a0")]
    [InlineData("/\ud7ff")]
    [InlineData("/\uf900")]
    [InlineData("/\uffef")]
    public void Valid_paths(string path) => Assert.Null(ZPath.Validate(path));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a/b")]
    [InlineData("/a/")]
    [InlineData("//")]
    [InlineData("//a")]
    [InlineData("/a//b")]
    [InlineData("/.")]
    [InlineData("/..")]
    [InlineData("/a/.")]
    [InlineData("/a/..")]
    [InlineData("/a/./b")]
    [InlineData("/a/../b")]
    [InlineData("/a\u0000b")]
    [InlineData("/\u0001")]
    [InlineData("/\u001f")]
    [InlineData("/\u007f")]
    [InlineData("/\u009f")]
    [InlineData("/\ud800")]
    [InlineData("/\ue000")]
    [InlineData("/\uf8ff")]
    [InlineData("/\ufff0")]
    [InlineData("/\uffff")]
    [InlineData("/a/b\tc")]
    [InlineData("/\ud83d\ude00")] // emoji: a surrogate pair, inside U+D800..U+F8FF
    public void Invalid_paths(string? path) => Assert.NotNull(ZPath.Validate(path));

    [Fact]
    public void EnsureValid_throws_BadArguments()
    {
        var e = Assert.Throws<KeeperException>(() => ZPath.EnsureValid("/a/"));
        Assert.Equal(ErrorCode.BadArguments, e.Code);
        ZPath.EnsureValid("/a");
    }

    [Theory]
    [InlineData("/a", "/", "a")]
    [InlineData("/a/b", "/a", "b")]
    [InlineData("/a/b/c", "/a/b", "c")]
    [InlineData("/zookeeper/config", "/zookeeper", "config")]
    public void Parent_and_Name(string path, string parent, string name)
    {
        Assert.Equal(parent, ZPath.Parent(path));
        Assert.Equal(name, ZPath.Name(path));
        Assert.Equal(path, ZPath.Join(parent, name));
    }

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", true)]
    [InlineData("/a", "/", true)]
    [InlineData("/", "/", true)]
    [InlineData("/ab", "/a", false)]
    [InlineData("/a", "/a/b", false)]
    [InlineData("/b/a", "/a", false)]
    public void IsWithin(string path, string ancestor, bool expected) => Assert.Equal(expected, ZPath.IsWithin(path, ancestor));

    [Theory]
    [InlineData("/", true)]
    [InlineData("/zookeeper", true)]
    [InlineData("/zookeeper/quota", true)]
    [InlineData("/zookeeper/config", true)]
    [InlineData("/zookeeper/other", false)]
    [InlineData("/a", false)]
    public void IsUndeletable(string path, bool expected) => Assert.Equal(expected, ZPath.IsUndeletable(path));

    [Theory]
    [InlineData(0, "0000000000")]
    [InlineData(7, "0000000007")]
    [InlineData(1234567890, "1234567890")]
    [InlineData(int.MaxValue, "2147483647")]
    [InlineData(-5, "-000000005")] // Java's %010d pads after the sign to width 10
    [InlineData(-1, "-000000001")]
    [InlineData(int.MinValue, "-2147483648")]
    public void SequenceSuffix_is_java_percent_010d(int counter, string expected) => Assert.Equal(expected, ZPath.SequenceSuffix(counter));

    [Theory]
    [InlineData("/a/")]
    [InlineData("/a//b")]
    [InlineData("/.")]
    [InlineData("/a/..")]
    [InlineData("/a\u0001")]
    [InlineData("noslash")]
    [InlineData("")]
    public void Delete_setData_setAcl_and_check_reject_invalid_paths_with_BadArguments(string path)
    {
        var h = new TreeHarness();
        h.Create("/a");
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new DeleteOp(path)));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new SetDataOp(path, [])));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new SetAclOp(path, AclEntry.OpenUnsafe)));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new MultiOp([new CheckOp(path, -1)])));
    }

    [Fact]
    public void Paths_longer_than_the_limit_are_BadArguments()
    {
        var h = new TreeHarness(new PreparerOptions { MaxPathLength = 10 });
        h.Create("/123456789"); // exactly 10
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/1234567890")));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new SetDataOp("/1234567890", [])));
    }
}
