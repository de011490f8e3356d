using System.Formats.Tar;
using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>
/// docker cp's archives: a tree written with its names rebased, and archives unpacked into a directory
/// that already has content, merging with it. Hostile archives never change anything outside it.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class TreeArchiveTests : IDisposable
{
    private readonly LayerSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string InTarget(string path) => Path.Join(_sandbox.Target, path);

    private async Task ExtractAsync(byte[] archive, TreeExtractOptions? options = null)
    {
        int fd = Libc.Open(_sandbox.Target, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        try
        {
            await TreeArchive.ExtractAsync(new MemoryStream(archive), fd, options ?? new TreeExtractOptions { ShownTarget = "/dest" }, CancellationToken.None);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private async Task RejectedAsync(byte[] archive, string reason, TreeExtractOptions? options = null)
    {
        var error = await Assert.ThrowsAsync<WharfException>(() => ExtractAsync(archive, options));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("layer", error.Message); // worded for an archive of files
        _sandbox.AssertOutsideUntouched();
    }

    [LayerKernelFact]
    public async Task An_archive_merges_into_what_is_there_and_whiteout_names_are_plain_files()
    {
        Directory.CreateDirectory(InTarget("keep"));
        File.WriteAllText(InTarget("keep/old"), "old");
        File.WriteAllText(InTarget("file"), "before");
        await ExtractAsync(TarBuilder.Gzip(new TarBuilder()
            .Directory("keep/", mode: (UnixFileMode)0b111_000_000)
            .File("keep/new", "new")
            .File("file", "after", uid: 1234, gid: 5678)
            .File(".wh.keep", "not a whiteout")
            .Build()));
        Assert.Equal("old", File.ReadAllText(InTarget("keep/old")));
        Assert.Equal("new", File.ReadAllText(InTarget("keep/new")));
        Assert.Equal("after", File.ReadAllText(InTarget("file")));
        Assert.Equal("not a whiteout", File.ReadAllText(InTarget(".wh.keep")));
        var stat = Libc.LStatAt(Libc.AT_FDCWD, InTarget("file"));
        Assert.Equal((1234u, 5678u), (stat.Uid, stat.Gid));
        Assert.Equal(0b111_000_000u, Libc.LStatAt(Libc.AT_FDCWD, InTarget("keep")).Mode & 0xFFFu);
        _sandbox.AssertOutsideUntouched();
    }

    [LayerKernelFact]
    public async Task The_owner_option_replaces_the_archives_owners()
    {
        await ExtractAsync(new TarBuilder().File("f", "x", uid: 1, gid: 2).Build(), new TreeExtractOptions { Owner = (1000u, 1001u) });
        var stat = Libc.LStatAt(Libc.AT_FDCWD, InTarget("f"));
        Assert.Equal((1000u, 1001u), (stat.Uid, stat.Gid));
    }

    [LayerKernelFact]
    public async Task NoOverwriteDirNonDir_refuses_to_change_a_kind_with_dockers_words()
    {
        Directory.CreateDirectory(InTarget("dir"));
        File.WriteAllText(InTarget("file"), "x");
        var options = new TreeExtractOptions { ShownTarget = "/dest", NoOverwriteDirNonDir = true };
        var error = await Assert.ThrowsAsync<WharfException>(() => ExtractAsync(new TarBuilder().File("dir", "x").Build(), options));
        Assert.Equal("cannot overwrite directory \"/dest/dir\" with non-directory \"/dest\"", error.Message);
        error = await Assert.ThrowsAsync<WharfException>(() => ExtractAsync(new TarBuilder().Directory("file/").Build(), options));
        Assert.Equal("cannot overwrite non-directory \"/dest/file\" with directory \"/dest\"", error.Message);
        Assert.Equal("x", File.ReadAllText(InTarget("file")));
        // Without the option, the archive's kind wins.
        await ExtractAsync(new TarBuilder().File("dir", "now a file").Build());
        Assert.Equal("now a file", File.ReadAllText(InTarget("dir")));
    }

    [LayerKernelFact]
    public Task A_name_climbing_out_is_rejected() =>
        RejectedAsync(new TarBuilder().File("../outside/sentinel", "pwned").Build(), "escapes the target directory");

    [LayerKernelFact]
    public async Task An_absolute_name_stays_inside()
    {
        await ExtractAsync(new TarBuilder().File(_sandbox.Sentinel, "contained").Build());
        Assert.Equal("contained", File.ReadAllText(InTarget(_sandbox.Sentinel)));
        _sandbox.AssertOutsideUntouched();
    }

    [LayerKernelFact]
    public Task A_symlink_planted_then_written_through_is_rejected() =>
        RejectedAsync(new TarBuilder().Symlink("evil", _sandbox.Outside).File("evil/sentinel", "pwned").Build(), "passes through the symlink \"evil\"");

    [LayerKernelFact]
    public async Task A_symlink_already_in_the_target_is_not_followed()
    {
        File.CreateSymbolicLink(InTarget("link"), _sandbox.Outside);
        await RejectedAsync(new TarBuilder().File("link/sentinel", "pwned").Build(), "passes through the symlink \"link\"");
        // An entry of the link's own name replaces the link, never what it points at.
        await ExtractAsync(new TarBuilder().File("link", "replaced").Build());
        Assert.Equal("replaced", File.ReadAllText(InTarget("link")));
        _sandbox.AssertOutsideUntouched();
    }

    [LayerKernelFact]
    public Task A_hard_link_to_outside_is_rejected() =>
        RejectedAsync(new TarBuilder().HardLink("pwn", "../outside/sentinel").Build(), "escapes the target directory");

    [LayerKernelFact]
    public async Task A_tree_is_written_under_the_name_asked_for_and_a_symlink_as_the_link()
    {
        Directory.CreateDirectory(InTarget("etc/sub"));
        File.WriteAllText(InTarget("etc/sub/f"), "content");
        File.CreateSymbolicLink(InTarget("etc/link"), "/etc/sub/f");
        int fd = Libc.Open(_sandbox.Target, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        try
        {
            Assert.Equal(["renamed/", "renamed/link", "renamed/sub/", "renamed/sub/f"], await NamesAsync(fd, "etc", "renamed"));
            Assert.Equal(["./", "./link", "./sub/", "./sub/f"], await NamesAsync(fd, "etc", "."));
            Assert.Equal(["link"], await NamesAsync(fd, "etc/link", "link"));
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private static async Task<List<string>> NamesAsync(int rootFd, string path, string archiveName)
    {
        int slash = path.LastIndexOf('/');
        int parent = slash < 0 ? Libc.Openat(rootFd, ".", Libc.O_RDONLY | Libc.O_DIRECTORY, 0) : Libc.Openat(rootFd, path[..slash], Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
        try
        {
            var output = new MemoryStream();
            await TreeArchive.WriteAsync(parent, path[(slash + 1)..], archiveName, output, CancellationToken.None);
            output.Position = 0;
            var names = new List<string>();
            var reader = new TarReader(output);
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                names.Add(entry.Name);
                if (entry.EntryType == TarEntryType.SymbolicLink) Assert.Equal("/etc/sub/f", entry.LinkName);
            }
            return names;
        }
        finally
        {
            Libc.Close(parent);
        }
    }
}
