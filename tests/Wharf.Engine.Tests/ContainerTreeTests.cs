using Wharf.Core;
using Wharf.Engine.Containers;
using Wharf.Linux.Interop;

namespace Wharf.Engine.Tests;

/// <summary>
/// Paths from docker cp resolved in a container's rootfs (a temp directory here): Docker's stat
/// answers, and hostile paths and planted symlinks that never lead to the host's files.
/// </summary>
public sealed class ContainerTreeTests : IDisposable
{
    private readonly string _root = Path.Join(Path.GetTempPath(), $"wharf-tree-{Guid.NewGuid():N}");
    private readonly string _rootfs;
    private readonly string _hosts;

    public ContainerTreeTests()
    {
        _rootfs = Path.Join(_root, "rootfs");
        Directory.CreateDirectory(Path.Join(_rootfs, "etc"));
        Directory.CreateDirectory(Path.Join(_rootfs, "data/sub"));
        File.WriteAllText(Path.Join(_rootfs, "etc/passwd"), "container passwd\n");
        File.WriteAllText(Path.Join(_rootfs, "etc/hosts"), ""); // the placeholder a mount covers
        File.CreateSymbolicLink(Path.Join(_rootfs, "abs"), "/etc");               // absolute: the container's /etc
        File.CreateSymbolicLink(Path.Join(_rootfs, "climb"), "../../../../etc");  // climbs: stops at the container's root
        File.CreateSymbolicLink(Path.Join(_rootfs, "dangling"), "/nowhere/file");
        File.CreateSymbolicLink(Path.Join(_rootfs, "data/up"), "..");
        _hosts = Path.Join(_root, "hosts");
        File.WriteAllText(_hosts, "127.0.0.1 localhost\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ContainerTree Tree() => new(_rootfs, [new TreeMount("/etc/hosts", _hosts, ReadOnly: false)]);

    private static string Read(ContainerNode node)
    {
        int fd = Libc.Check(Libc.Openat(node.ParentFd, node.Name, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0), "openat", node.Name);
        using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), FileAccess.Read);
        return new StreamReader(stream).ReadToEnd();
    }

    [Theory]
    [InlineData("/abs/passwd")]
    [InlineData("/climb/passwd")]
    [InlineData("/../../../../etc/passwd")]
    [InlineData("etc/passwd")]
    [InlineData("/data/up/data/up/etc/passwd")]
    public void Symlinks_and_dot_dots_resolve_inside_the_container(string path)
    {
        using var tree = Tree();
        using var node = tree.Find(path) ?? throw new Xunit.Sdk.XunitException($"{path} not found");
        Assert.Equal("container passwd\n", Read(node));
        Assert.Equal("passwd", tree.Stat(node).Name);
    }

    [Fact]
    public void A_symlink_is_stated_as_a_link_with_its_target_resolved_in_the_container()
    {
        using var tree = Tree();
        using var link = tree.Find("/climb")!;
        var stat = tree.Stat(link);
        Assert.Equal(PathStat.ModeSymlink | 0x1FFu, stat.Mode);
        Assert.Equal("/etc", stat.LinkTarget);
        using var dangling = tree.Find("/dangling")!;
        Assert.Equal("/nowhere/file", tree.Stat(dangling).LinkTarget);
        // A trailing "/" follows the link: the directory itself.
        using var followed = tree.Find("/climb/")!;
        var dir = tree.Stat(followed);
        Assert.True(dir.IsDirectory);
        Assert.Equal("climb", dir.Name);
        Assert.Equal(".", tree.Stat(tree.Find("/etc/.")!).Name);
        Assert.Equal("/", tree.Stat(tree.Find("/")!).Name);
    }

    [Fact]
    public void Missing_paths_are_not_found_and_a_file_used_as_a_directory_is_dockers_lstat_error()
    {
        using var tree = Tree();
        Assert.Null(tree.Find("/nope"));
        Assert.Null(tree.Find("/nope/deeper"));
        var error = Assert.Throws<WharfException>(() => tree.Find("/etc/passwd/"));
        Assert.Equal("lstat /etc/passwd/: not a directory", error.Message);
    }

    [Fact]
    public void A_bound_file_is_read_from_its_source()
    {
        using var tree = Tree();
        using var node = tree.Find("/abs/hosts")!;
        Assert.Equal("127.0.0.1 localhost\n", Read(node));
    }

    [Fact]
    public void The_extraction_point_follows_every_link_inside_and_must_be_a_directory()
    {
        using var tree = Tree();
        using (var point = tree.OpenDirectory("/climb")!)
            Assert.Equal("/etc", point.Resolved);
        Assert.Null(tree.OpenDirectory("/nope"));
        var error = Assert.Throws<WharfException>(() => tree.OpenDirectory("/etc/passwd"));
        Assert.Equal("extraction point is not a directory", error.Message);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }
}
