using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>
/// Crafted tars that try to reach outside the target. Each is rejected with an error naming the
/// problem, or contained inside the target; either way nothing outside the target changes.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class MaliciousLayerTests : IDisposable
{
    private readonly LayerSandbox _sandbox = new();
    private readonly string _hostEscape = Path.Join(Path.GetTempPath(), $"wharf-escape-{Guid.NewGuid():N}");
    private readonly string _hostPasswd = File.Exists("/etc/passwd") ? File.ReadAllText("/etc/passwd") : "";

    public void Dispose()
    {
        File.Delete(_hostEscape);
        _sandbox.Dispose();
    }

    private async Task Rejected(byte[] layer, string reason)
    {
        var error = await Assert.ThrowsAsync<WharfException>(() => LayerApplier.ApplyAsync(new MemoryStream(layer), _sandbox.Target, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(reason, error.Message);
        AssertHostUntouched();
    }

    private async Task Contained(byte[] layer)
    {
        await LayerApplier.ApplyAsync(new MemoryStream(layer), _sandbox.Target, CancellationToken.None);
        AssertHostUntouched();
    }

    private void AssertHostUntouched()
    {
        _sandbox.AssertOutsideUntouched();
        Assert.False(Path.Exists(_hostEscape), $"{_hostEscape} was created");
        if (_hostPasswd.Length > 0) Assert.Equal(_hostPasswd, File.ReadAllText("/etc/passwd"));
    }

    private string InTarget(string path) => Path.Join(_sandbox.Target, path);

    private string Escape => Path.GetFileName(_hostEscape);

    [LayerKernelFact]
    public Task DotDotNameIsRejected() =>
        Rejected(new TarBuilder().File("../escape", "pwned").Build(), "\"../escape\": name escapes the layer root");

    [LayerKernelFact]
    public Task DeepDotDotNameIsRejected() =>
        Rejected(new TarBuilder().File($"../../../../../../../../tmp/{Escape}", "pwned").Build(), "escapes the layer root");

    [LayerKernelFact]
    public async Task DotDotThatStaysInsideIsCleaned()
    {
        await Contained(new TarBuilder().File("a/../b", "kept").Build());
        Assert.Equal("kept", File.ReadAllText(InTarget("b")));
    }

    [LayerKernelFact]
    public async Task AbsoluteNameIsContained()
    {
        await Contained(new TarBuilder().File("/abs/path", "inside").File("/etc/passwd", "evil::0:0").Build());
        Assert.Equal("inside", File.ReadAllText(InTarget("abs/path")));
        Assert.Equal("evil::0:0", File.ReadAllText(InTarget("etc/passwd")));
    }

    [LayerKernelFact]
    public Task SymlinkToRootThenFileThroughItIsRejected() =>
        Rejected(new TarBuilder().Symlink("evil", "/").File($"evil/tmp/{Escape}", "pwned").Build(),
            "passes through the symlink \"evil\"");

    [LayerKernelFact]
    public Task SymlinkUpwardThenFileThroughItIsRejected() =>
        Rejected(new TarBuilder().Symlink("evil", "../..").File($"evil/{Escape}", "pwned").Build(),
            "passes through the symlink \"evil\"");

    [LayerKernelFact]
    public Task SymlinkToParentThenOverwriteOfSentinelIsRejected() =>
        Rejected(new TarBuilder().Directory("a").Symlink("a/up", "../..").File("a/up/outside/sentinel", "pwned").Build(),
            "passes through the symlink \"a/up\"");

    [LayerKernelFact]
    public Task HardLinkThroughSymlinkToSiblingIsRejected() =>
        Rejected(new TarBuilder().Symlink("sibling", "../outside").HardLink("h", "sibling/sentinel").File("h", "pwned").Build(),
            "passes through the symlink \"sibling\"");

    [LayerKernelFact]
    public Task HardLinkOutsideIsRejected() =>
        Rejected(new TarBuilder().HardLink("h", "../outside/sentinel").File("h", "pwned").Build(),
            "hard link target escapes the layer root");

    [LayerKernelFact]
    public Task AbsoluteHardLinkTargetIsLookedUpInsideTheLayer() =>
        Rejected(new TarBuilder().HardLink("h", "/etc/passwd").Build(), "\"etc\" does not exist in this layer");

    [LayerKernelFact]
    public async Task FileOverHardLinkDoesNotWriteThroughIt()
    {
        await Contained(new TarBuilder().File("a", "original").HardLink("b", "a").File("b", "replaced").Build());
        Assert.Equal("original", File.ReadAllText(InTarget("a")));
        Assert.Equal("replaced", File.ReadAllText(InTarget("b")));
        Assert.Equal(1u, Libc.LStatAt(Libc.AT_FDCWD, InTarget("a")).Nlink);
    }

    [LayerKernelFact]
    public async Task SymlinkReplacedByDirectoryThenFileIsContained()
    {
        await Contained(new TarBuilder().Symlink("d", "../outside").Directory("d").File("d/sentinel", "pwned").Build());
        Assert.Equal(Libc.S_IFDIR, Libc.LStatAt(Libc.AT_FDCWD, InTarget("d")).FileType);
        Assert.Equal("pwned", File.ReadAllText(InTarget("d/sentinel")));
    }

    [LayerKernelFact]
    public async Task DirectoryOverSymlinkDoesNotFollowIt()
    {
        await Contained(new TarBuilder().Symlink("d", "../outside").Directory("d", mode: (UnixFileMode)0b111_000_000, uid: 1000, gid: 1000).Build());
        var st = Libc.LStatAt(Libc.AT_FDCWD, InTarget("d"));
        Assert.Equal((Libc.S_IFDIR, 0b111_000_000u, 1000u), (st.FileType, st.Mode & 0xfffu, st.Uid));
    }

    [LayerKernelFact]
    public async Task FileOverSymlinkReplacesTheLink()
    {
        await Contained(new TarBuilder().Symlink("f", "../outside/sentinel").File("f", "pwned").Build());
        Assert.Equal(Libc.S_IFREG, Libc.LStatAt(Libc.AT_FDCWD, InTarget("f")).FileType);
        Assert.Equal("pwned", File.ReadAllText(InTarget("f")));
    }

    [LayerKernelFact]
    public async Task MetadataOfNodeOverSymlinkLandsOnTheNode()
    {
        // chown/chmod/utimes/xattrs of a device must not reach through a symlink that stood at its name.
        await Contained(new TarBuilder().Symlink("n", "../outside/sentinel").CharDevice("n", 1, 3, (UnixFileMode)0b110_000_000).Build());
        Assert.Equal(Libc.S_IFCHR, Libc.LStatAt(Libc.AT_FDCWD, InTarget("n")).FileType);
    }

    [LayerKernelFact]
    public Task WhiteoutOfDotDotIsRejected() =>
        Rejected(new TarBuilder().File(".wh...").Build(), "whiteout does not name a file");

    [LayerKernelFact]
    public Task WhiteoutClimbingOutIsRejected() =>
        Rejected(new TarBuilder().File("a/../../.wh.sentinel").Build(), "escapes the layer root");

    [LayerKernelFact]
    public Task WhiteoutThroughSymlinkIsRejected() =>
        Rejected(new TarBuilder().Symlink("evil", "../outside").File("evil/.wh.sentinel").Build(), "passes through the symlink \"evil\"");

    [LayerKernelFact]
    public Task OpaqueMarkerThroughSymlinkIsRejected() =>
        Rejected(new TarBuilder().Symlink("evil", "../outside").File("evil/.wh..wh..opq").Build(), "passes through the symlink \"evil\"");

    [LayerKernelFact]
    public Task SymlinkInsideTheLayerIsNotFollowedEither() =>
        // Stricter than Docker, which resolves it inside the root: no real tar lists entries under a symlink.
        Rejected(new TarBuilder().Directory("usr/lib").Symlink("lib", "usr/lib").File("lib/libc.so", "x").Build(),
            "passes through the symlink \"lib\"");

    [LayerKernelFact]
    public Task HardLinkToDirectoryIsRejected() =>
        Rejected(new TarBuilder().Directory("d").HardLink("h", "d").Build(), "hard link target is a directory");

    [LayerKernelFact]
    public Task AbsurdlyLongNameIsRejected() =>
        Rejected(new TarBuilder().File(string.Join('/', Enumerable.Repeat(new string('a', 200), 40)), "x").Build(),
            "name is 8039 bytes long, more than 4096");

    [LayerKernelFact]
    public Task OverlongComponentIsRejected() =>
        Rejected(new TarBuilder().File(new string('a', 300), "x").Build(), "component longer than 255 bytes");

    [LayerKernelFact]
    public Task NonDirectoryNamingTheRootIsRejected() =>
        Rejected(new TarBuilder().Symlink("./", "/").Build(), "names the layer root");
}
