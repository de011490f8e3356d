using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Copy;
using Wharf.Cli.Formatting;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Cli.Commands;

/// <summary>
/// `wharf cp`: files between a container and the local filesystem over the archive endpoints, with
/// docker/cli's cp.go behaviour (28.x): "CONTAINER:PATH" on one side, "-" for a tar on stdin/stdout,
/// trailing "/" and "/." meaning what they mean to docker, -L following a source symlink, -a keeping
/// the container user's ownership, and "Successfully copied SIZE to DEST" on stderr unless quiet.
/// </summary>
internal static class CopyCommand
{
    public static CommandSpec Create() => new(
        "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\twharf cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
        "Copy files/folders between a container and the local filesystem")
    {
        Description = """
            Copy files/folders between a container and the local filesystem

            Use '-' as the source to read a tar archive from stdin
            and extract it to a directory destination in a container.
            Use '-' as the destination to stream a tar archive of a
            container source to stdout.
            """,
        AliasesLine = "wharf container cp, wharf cp",
        Args = ArgsRule.Exactly(2),
        Setup = flags =>
        {
            BoolFlag follow = flags.Bool("follow-link", 'L', "Always follow symbol link in SRC_PATH");
            BoolFlag archive = flags.Bool("archive", 'a', "Archive mode (copy all uid/gid information)");
            BoolFlag quiet = flags.Bool("quiet", 'q', "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached");
            return async (cli, args, ct) =>
            {
                if (args[0].Length == 0) throw new CliError("source can not be empty");
                if (args[1].Length == 0) throw new CliError("destination can not be empty");
                var options = new CopyOptions(follow.Value, archive.Value, quiet.Changed ? quiet.Value : !cli.Console.OutputIsTerminal);
                var (srcContainer, srcPath) = CopyPaths.SplitArgument(args[0]);
                var (dstContainer, dstPath) = CopyPaths.SplitArgument(args[1]);
                if (srcContainer.Length > 0 && dstContainer.Length > 0) throw new CliError("copying between containers is not supported");
                if (srcContainer.Length > 0) await CopyFromContainerAsync(cli, srcContainer, srcPath, dstPath, options, ct).ConfigureAwait(false);
                else if (dstContainer.Length > 0) await CopyToContainerAsync(cli, dstContainer, srcPath, dstPath, options, ct).ConfigureAwait(false);
                else throw new CliError("must specify at least one container source");
                return 0;
            };
        },
    };

    private sealed record CopyOptions(bool FollowLink, bool CopyUidGid, bool Quiet);

    private static async Task CopyFromContainerAsync(Invocation cli, string container, string srcPath, string dstPath, CopyOptions options, CancellationToken ct)
    {
        if (dstPath != "-")
        {
            dstPath = CopyPaths.ResolveLocal(dstPath, Environment.CurrentDirectory);
            ValidateOutputPath(dstPath);
        }

        string rebaseName = "";
        if (options.FollowLink && await TryStatAsync(cli, container, srcPath, ct).ConfigureAwait(false) is { IsSymlink: true } linked)
        {
            string target = linked.LinkTarget;
            if (!target.StartsWith('/')) target = CopyPaths.Join(CopyPaths.SplitPathDirEntry(srcPath).Dir, target);
            (srcPath, rebaseName) = CopyPaths.GetRebaseName(srcPath, target);
        }

        using var response = await cli.Daemon.SendAsync(HttpMethod.Get, ArchivePath(container), new Query().Add("path", srcPath), stream: true, cancellationToken: ct).ConfigureAwait(false);
        var stat = ContainerPathStat.FromHeader(HeaderValue(response))
            ?? throw new CliError("unable to get resource stat from response: the X-Docker-Container-Path-Stat header is missing or invalid");
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        if (dstPath == "-")
        {
            await body.CopyToAsync(cli.Console.OutputBytes(), ct).ConfigureAwait(false);
            return;
        }

        var source = new CopyInfo(srcPath, Exists: true, IsDir: stat.IsDirectory, RebaseName: rebaseName);
        var counted = new CountingStream(body);
        Func<string, string> first = name => name;
        if (rebaseName.Length > 0) first = new CopyPlan("", CopyPaths.SplitPathDirEntry(srcPath).Base, rebaseName).Rename;
        try
        {
            var plan = CopyPaths.Prepare(source, DestinationInfo(dstPath));
            using var extractor = new LocalExtractor(plan.Directory);
            await extractor.ExtractAsync(counted, name => plan.Rename(first(name)), ct).ConfigureAwait(false);
        }
        finally
        {
            // docker 28 prints the line whether the extraction worked or not, then reports its error.
            if (!options.Quiet) cli.Error.WriteLine($"Successfully copied {Units.HumanSize(counted.Count, 3)} to {dstPath}");
        }
    }

    private static async Task CopyToContainerAsync(Invocation cli, string container, string srcPath, string dstPath, CopyOptions options, CancellationToken ct)
    {
        if (srcPath != "-") srcPath = CopyPaths.ResolveLocal(srcPath, Environment.CurrentDirectory);

        var destination = new CopyInfo(dstPath);
        var dstStat = await TryStatAsync(cli, container, dstPath, ct).ConfigureAwait(false);
        if (dstStat is { IsSymlink: true })
        {
            string target = dstStat.LinkTarget;
            if (!target.StartsWith('/')) target = CopyPaths.Join(CopyPaths.SplitPathDirEntry(dstPath).Dir, target);
            destination = destination with { Path = target };
            dstStat = await TryStatAsync(cli, container, target, ct).ConfigureAwait(false);
        }
        if (dstStat is not null)
        {
            if (FileModeProblem(dstStat.Mode) is { } problem)
                throw new CliError($"destination \"{container}:{dstPath}\" must be a directory or a regular file: {problem}");
            destination = destination with { Exists = true, IsDir = dstStat.IsDirectory };
        }

        string extractTo;
        HttpContent content;
        var counter = new CountingStream(Stream.Null);
        if (srcPath == "-")
        {
            if (!destination.IsDir) throw new CliError($"destination \"{container}:{dstPath}\" must be a directory");
            extractTo = destination.Path;
            var stdin = cli.Console.OpenInput();
            content = new ArchiveContent((output, token) => stdin.CopyToAsync(output, token));
        }
        else
        {
            var source = SourceInfo(srcPath, options.FollowLink);
            var plan = CopyPaths.Prepare(source, destination);
            extractTo = plan.Directory;
            var archive = new LocalArchive(source, plan.Rename);
            content = new ArchiveContent(async (output, token) =>
            {
                counter.Inner = output;
                await archive.WriteAsync(counter, token).ConfigureAwait(false);
                await counter.FlushAsync(token).ConfigureAwait(false);
            });
        }

        var query = new Query().Add("path", extractTo).Add("noOverwriteDirNonDir", "true");
        if (options.CopyUidGid) query.Add("copyUIDGID", "true");
        DaemonError? failed = null;
        try
        {
            using var _ = await cli.Daemon.SendAsync(HttpMethod.Put, ArchivePath(container), query, content, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (DaemonError e)
        {
            failed = e;
        }
        // docker 28 prints the line whatever the answer, then reports the error.
        if (!options.Quiet) cli.Error.WriteLine($"Successfully copied {Units.HumanSize(counter.Count, 3)} to {container}:{destination.Path}");
        if (failed is not null) throw failed;
    }

    private static string ArchivePath(string container) => $"/containers/{Uri.EscapeDataString(container)}/archive";

    private static string? HeaderValue(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ContainerPathStat.HeaderName, out var values) ? values.FirstOrDefault() : null;

    /// <summary>HEAD /containers/{id}/archive: the stat, or null on any error (cp.go ignores those).</summary>
    private static async Task<ContainerPathStat?> TryStatAsync(Invocation cli, string container, string path, CancellationToken ct)
    {
        try
        {
            using var response = await cli.Daemon.SendAsync(HttpMethod.Head, ArchivePath(container), new Query().Add("path", path), cancellationToken: ct).ConfigureAwait(false);
            return ContainerPathStat.FromHeader(HeaderValue(response));
        }
        catch (DaemonError)
        {
            return null;
        }
    }

    /// <summary>command.ValidateOutputPathFileMode: devices and irregular files cannot be copied to.</summary>
    private static string? FileModeProblem(uint mode) =>
        (mode & ContainerPathStat.ModeDevice) != 0 ? "got a device"
        : (mode & ContainerPathStat.ModeIrregular) != 0 ? "got an irregular file"
        : null;

    /// <summary>command.ValidateOutputPath: the parent must exist; an existing target must be a directory or a regular file.</summary>
    private static void ValidateOutputPath(string path)
    {
        string dir = CopyPaths.Dir(CopyPaths.Clean(path));
        if (dir != "." && !Directory.Exists(dir) && !File.Exists(dir))
            throw new CliError($"invalid output path: directory \"{dir}\" does not exist");
        if (!TryStat(path, follow: true, out var stat)) return;
        if (stat.FileType is Libc.S_IFDIR or Libc.S_IFREG) return;
        string problem = stat.FileType is Libc.S_IFCHR or Libc.S_IFBLK ? "got a device" : "got an irregular file";
        throw new CliError($"invalid output path: \"{path}\" must be a directory or a regular file: {problem}");
    }

    /// <summary>archive.CopyInfoSourcePath: the local source, symlinks of its parents evaluated (and its own with -L).</summary>
    private static CopyInfo SourceInfo(string path, bool followLink)
    {
        string resolved, rebaseName = "";
        try
        {
            if (followLink)
            {
                (resolved, rebaseName) = CopyPaths.GetRebaseName(path, RealPath(path));
            }
            else
            {
                int slash = path.LastIndexOf('/');
                string dir = path[..(slash + 1)], name = path[(slash + 1)..];
                resolved = RealPath(dir.Length == 0 ? "." : dir).TrimEnd('/') + "/" + name;
                if (CopyPaths.HasTrailingSeparator(path) && CopyPaths.Base(path) != CopyPaths.Base(resolved)) rebaseName = CopyPaths.Base(path);
            }
        }
        catch (LinuxException e)
        {
            throw new CliError(e.Message);
        }
        if (!TryStat(resolved, follow: false, out var stat)) throw new CliError($"lstat {resolved}: no such file or directory");
        bool isDir = stat.FileType == Libc.S_IFDIR || (CopyPaths.AssertsDirectory(resolved) && TryStat(resolved, follow: true, out var followed) && followed.FileType == Libc.S_IFDIR);
        return new CopyInfo(resolved, Exists: true, IsDir: isDir, RebaseName: rebaseName);
    }

    /// <summary>archive.CopyInfoDestinationPath: the local destination, its own symlinks followed; a missing one needs an existing parent.</summary>
    private static CopyInfo DestinationInfo(string path)
    {
        string original = path;
        for (int hops = 0; TryStat(path, follow: false, out var stat); hops++)
        {
            if (stat.FileType != Libc.S_IFLNK) return new CopyInfo(path, Exists: true, IsDir: stat.FileType == Libc.S_IFDIR || (CopyPaths.AssertsDirectory(path) && Directory.Exists(path)));
            if (hops > 10) throw new CliError("too many symlinks in " + original);
            string target = Libc.ReadLinkAtText(Libc.AT_FDCWD, path.TrimEnd('/'));
            path = target.StartsWith('/') ? target : CopyPaths.Join(CopyPaths.SplitPathDirEntry(path).Dir, target);
        }
        string parent = CopyPaths.SplitPathDirEntry(path).Dir;
        if (!TryStat(parent, follow: true, out var parentStat)) throw new CliError($"stat {parent}: no such file or directory");
        if (parentStat.FileType != Libc.S_IFDIR) throw new CliError("not a directory");
        return new CopyInfo(path);
    }

    /// <summary>filepath.EvalSymlinks: the path with every symlink resolved (by the kernel); an error when something is missing.</summary>
    private static string RealPath(string path)
    {
        int fd = Libc.Open(path, Libc.O_PATH | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw new CliError($"lstat {CopyPaths.Clean(path)}: no such file or directory");
        try
        {
            return Libc.ReadLinkAtText(Libc.AT_FDCWD, $"/proc/self/fd/{fd}");
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private static unsafe bool TryStat(string path, bool follow, out Libc.Statx stat)
    {
        fixed (Libc.Statx* p = &stat)
            return Libc.StatxAt(Libc.AT_FDCWD, path, follow ? 0 : Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, p) == 0;
    }

    /// <summary>A request body written as it is produced (chunked), as docker streams its tar.</summary>
    private sealed class ArchiveContent(Func<Stream, CancellationToken, Task> write) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => write(stream, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) => write(stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Counts the bytes that pass, for the "Successfully copied" line.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public Stream Inner { get; set; } = inner;
        public long Count { get; private set; }

        public override bool CanRead => Inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => Inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(Inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Inner.Write(buffer, offset, count);
            Count += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Count += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => Inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        private int Counted(int read)
        {
            Count += read;
            return read;
        }
    }
}
