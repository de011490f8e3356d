using Wharf.Runtime.Init;

namespace Wharf.Runtime.Tests;

public sealed class SecurePathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-securepath-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Dot_dot_stops_at_the_root()
    {
        Assert.Equal(_root + "/etc/passwd", SecurePath.Resolve(_root, "/../../../etc/passwd"));
        Assert.Equal(_root, SecurePath.Resolve(_root, "/.."));
    }

    [Fact]
    public void Absolute_symlinks_resolve_inside_the_root()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        File.CreateSymbolicLink(Path.Combine(_root, "link"), "/real");
        Assert.Equal(_root + "/real/x", SecurePath.Resolve(_root, "/link/x"));
    }

    [Fact]
    public void A_symlink_pointing_outside_stays_inside()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "escape"), "../../../../tmp");
        Assert.Equal(_root + "/tmp/file", SecurePath.Resolve(_root, "/escape/file"));
        File.CreateSymbolicLink(Path.Combine(_root, "host"), "/etc");
        Assert.Equal(_root + "/etc/shadow", SecurePath.Resolve(_root, "host/shadow"));
    }

    [Fact]
    public void Relative_symlinks_resolve_from_their_directory()
    {
        Directory.CreateDirectory(Path.Combine(_root, "a/b"));
        File.CreateSymbolicLink(Path.Combine(_root, "a/b/up"), "../c");
        Assert.Equal(_root + "/a/c/d", SecurePath.Resolve(_root, "/a/b/up/d"));
    }

    [Fact]
    public void Symlink_loops_are_an_error()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "/loop");
        Assert.Throws<Core.WharfException>(() => SecurePath.Resolve(_root, "/loop/x"));
    }
}
