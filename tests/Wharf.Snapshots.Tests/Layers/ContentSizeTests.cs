using Wharf.Snapshots.Layers;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>The size Docker reports for a layer: its files' bytes and symlinks' targets, each inode once.</summary>
[Trait("Category", "Kernel")]
public sealed class ContentSizeTests : IDisposable
{
    private readonly LayerSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [LayerKernelFact]
    public async Task A_layer_counts_file_bytes_and_link_targets_and_each_inode_once()
    {
        byte[] layer = new TarBuilder()
            .Directory("d/")
            .File("d/f", new string('f', 1000))
            .File("g", new string('g', 3000))
            .HardLink("h", "g")
            .Symlink("l", "d/f")
            .Fifo("pipe")
            .File(".wh.gone")
            .Build();

        var result = await LayerApplier.ApplyAsync(new MemoryStream(layer), _sandbox.Target, CancellationToken.None);

        Assert.Equal(4003, result.ContentSize); // what `docker image inspect` says for this layer
        Assert.Equal(4003, LayerContentSize.Measure(_sandbox.Target));
        Assert.True(result.Size > 4003); // the tar's length counts headers and padding too
    }

    [LayerKernelFact]
    public async Task Entries_that_replace_earlier_ones_count_what_is_left()
    {
        byte[] layer = new TarBuilder()
            .File("a", new string('a', 500))
            .File("a", new string('a', 20)) // a second copy of the same name wins
            .Directory("dir/")
            .File("dir/big", new string('b', 9000))
            .File("dir", "now a file") // replaces the directory and all it held
            .File("x", "12345")
            .File(".wh.x")
            .Build();

        var result = await LayerApplier.ApplyAsync(new MemoryStream(layer), _sandbox.Target, CancellationToken.None);

        Assert.Equal(20 + "now a file".Length, result.ContentSize);
        Assert.Equal(result.ContentSize, LayerContentSize.Measure(_sandbox.Target));
    }
}
