using Registry.Zab.Storage;

namespace Registry.Zab.Tests.Storage;

public sealed class EpochFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("registry-epoch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_epoch_reads_back_after_replacement_and_is_zero_before_the_first_write()
    {
        var file = new EpochFile(_dir, "acceptedEpoch");
        Assert.Equal(0, file.Read());

        file.Write(3);
        file.Write(0x7FFF_FFFF);

        Assert.Equal(0x7FFF_FFFF, new EpochFile(_dir, "acceptedEpoch").Read());
        Assert.Equal(["acceptedEpoch"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_that_does_not_hold_an_epoch_is_refused()
    {
        File.WriteAllText(Path.Combine(_dir, "currentEpoch"), "-1");

        Assert.Throws<InvalidDataException>(() => new EpochFile(_dir, "currentEpoch").Read());
    }
}
