using Wharf.Core;
using Wharf.Linux;
using Wharf.Linux.FileSystem;
using Wharf.Linux.Interop;

namespace Wharf.Engine.Containers;

/// <summary>What `docker cp` learns of a path in a container (moby's container.PathStat).</summary>
/// <param name="Mode">Go's os.FileMode bits (type and special bits high up), as the API sends them.</param>
/// <param name="LinkTarget">For a symlink, where it leads in the container (absolute); "" otherwise.</param>
public sealed record PathStat(string Name, long Size, uint Mode, DateTimeOffset Mtime, string LinkTarget)
{
    public const uint ModeDir = 1u << 31;
    public const uint ModeSymlink = 1u << 27;

    public bool IsDirectory => (Mode & ModeDir) != 0;
}

/// <summary>
/// A container's root filesystem, held open, in which paths are resolved as a process chrooted into
/// it would resolve them (openat2 RESOLVE_IN_ROOT): "..", absolute symlinks and symlinks climbing out
/// all stay inside, so a path from a client or a link planted by the container never reaches the host.
/// </summary>
internal sealed class ContainerTree : IDisposable
{
    private const int MaxLinks = 255; // moby/sys/symlink's bound
    private const int DirectoryFlags = Libc.O_RDONLY | Libc.O_DIRECTORY;
    private readonly int _root;
    private readonly string _rootPath;
    private readonly IReadOnlyList<TreeMount> _mounts;

    /// <param name="mounts">
    /// What the container sees mounted over its rootfs (its /etc/hosts, volumes): a path that resolves to
    /// a mount's destination, or below a directory mount's, is looked up in the mount's source instead.
    /// </param>
    public ContainerTree(string rootfs, IReadOnlyList<TreeMount>? mounts = null)
    {
        _rootPath = rootfs;
        _mounts = mounts ?? [];
        _root = Libc.Check(Libc.Open(rootfs, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", rootfs);
    }

    /// <summary>
    /// Opens the node a client's path names, as moby stats it: symlinks before the last component are
    /// followed; the last is not, unless the path ends in "/" or "/." (then it must be a directory).
    /// Null when there is nothing there.
    /// </summary>
    /// <exception cref="WharfException">Internal, as Docker's lstat error, when a component is not a directory.</exception>
    public ContainerNode? Find(string path)
    {
        string absolute = ContainerPath.Absolute(path);
        string clean = ContainerPath.Clean(absolute);
        bool follow = clean == "/" || ContainerPath.AssertsDirectory(absolute);
        if (_mounts.Count > 0)
        {
            string canonical = follow ? FollowInScope(clean) : ContainerPath.Join(FollowInScope(ContainerPath.Parent(clean)), ContainerPath.Base(clean));
            if (MountOf(canonical) is var (mount, rest))
            {
                if (File.Exists(mount.Source) && rest == "/")
                {
                    if (follow) throw NotADirectory(absolute);
                    return FindIn(-1, Path.GetDirectoryName(mount.Source)!, "/" + Path.GetFileName(mount.Source), false, absolute);
                }
                if (!Directory.Exists(mount.Source)) return null;
                return FindIn(-1, mount.Source, rest, follow, absolute);
            }
        }
        return FindIn(_root, _rootPath, clean, follow, absolute);
    }

    /// <summary>Finds <paramref name="clean"/> in the root open as <paramref name="rootFd"/> (-1: open <paramref name="rootPath"/> for the time it takes).</summary>
    private static ContainerNode? FindIn(int rootFd, string rootPath, string clean, bool follow, string absolute)
    {
        bool own = rootFd < 0;
        if (own) rootFd = Libc.Check(Libc.Open(rootPath, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", rootPath);
        try
        {
            int dir = RootedFile.TryOpen(rootFd, follow ? clean : ContainerPath.Parent(clean), DirectoryFlags, rootPath, out int errno);
            if (dir < 0) return errno == Errno.ENOTDIR ? throw NotADirectory(absolute) : null;
            string name = follow ? "." : ContainerPath.Base(clean);
            if (name == "/") name = ".";
            if (Libc.TryLStatAt(dir, name, out var stat)) return new ContainerNode(dir, name, absolute, stat);
            Libc.Close(dir);
            return null;
        }
        finally
        {
            if (own) Libc.Close(rootFd);
        }
    }

    /// <summary>The mount a resolved container path falls in, and the path inside its source ("/" for the mount itself).</summary>
    private (TreeMount Mount, string Inside)? MountOf(string canonical)
    {
        TreeMount? best = null;
        foreach (var mount in _mounts)
        {
            string destination = ContainerPath.Clean(mount.Destination);
            if (canonical != destination && !canonical.StartsWith(destination + "/", StringComparison.Ordinal)) continue;
            if (best is null || destination.Length > ContainerPath.Clean(best.Destination).Length) best = mount;
        }
        if (best is null) return null;
        string rest = canonical[ContainerPath.Clean(best.Destination).Length..];
        return (best, rest.Length == 0 ? "/" : rest);
    }

    private static WharfException NotADirectory(string absolute) => new(ErrorKind.Internal, $"lstat {absolute}: not a directory");

    /// <summary>The stat docker reports for a node found by <see cref="Find"/>.</summary>
    public PathStat Stat(ContainerNode node)
    {
        var stat = node.Stat;
        string linkTarget = stat.FileType == Libc.S_IFLNK ? FollowInScope(node.RequestedPath) : "";
        var mtime = DateTimeOffset.FromUnixTimeSeconds(stat.Mtime.Seconds).AddTicks(stat.Mtime.Nanoseconds / 100);
        return new PathStat(ContainerPath.Base(node.RequestedPath), (long)stat.Size, GoFileMode(stat), mtime, linkTarget);
    }

    /// <summary>
    /// Opens the directory <paramref name="path"/> with every symlink followed (the last one too), for
    /// extracting into; its resolved container path and the mount it is in (null: the rootfs) come
    /// with it. Null when it does not exist; InvalidArgument when it is not a directory.
    /// </summary>
    public ExtractionPoint? OpenDirectory(string path)
    {
        string resolved = FollowInScope(ContainerPath.Absolute(path));
        var (rootFd, rootPath, inRoot, mount) = (_root, _rootPath, resolved, (TreeMount?)null);
        if (MountOf(resolved) is var (found, rest))
        {
            if (!Directory.Exists(found.Source)) throw WharfException.Invalid("extraction point is not a directory");
            rootPath = found.Source;
            rootFd = Libc.Check(Libc.Open(rootPath, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", rootPath);
            (inRoot, mount) = (rest, found);
        }
        try
        {
            int fd = RootedFile.TryOpen(rootFd, inRoot, DirectoryFlags, rootPath, out int errno);
            if (fd >= 0) return new ExtractionPoint(fd, resolved, mount);
            if (errno == Errno.ENOTDIR)
            {
                int other = RootedFile.TryOpen(rootFd, inRoot, Libc.O_PATH, rootPath, out _);
                if (other >= 0)
                {
                    Libc.Close(other);
                    throw WharfException.Invalid("extraction point is not a directory");
                }
            }
            return null;
        }
        finally
        {
            if (mount is not null) Libc.Close(rootFd);
        }
    }

    /// <summary>
    /// moby/sys/symlink's FollowSymlinkInScope with "/" as the scope: the path with every symlink
    /// evaluated inside the container, component by component; components that do not exist are kept
    /// as written, so a dangling link still says where it points.
    /// </summary>
    public string FollowInScope(string path)
    {
        var pending = new Stack<string>(ContainerPath.Components(path).Reverse());
        var resolved = new List<string>();
        int links = 0;
        while (pending.TryPop(out string? part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            string candidate = "/" + string.Join('/', resolved.Append(part));
            string? target = ReadLinkInRoot(candidate);
            if (target is null)
            {
                resolved.Add(part);
                continue;
            }
            if (++links > MaxLinks) throw WharfException.Invalid($"too many links in {UntrustedName.Show(path)}");
            if (target.StartsWith('/')) resolved.Clear();
            foreach (string next in ContainerPath.Components(target).Reverse()) pending.Push(next);
        }
        return "/" + string.Join('/', resolved);
    }

    /// <summary>The target of <paramref name="path"/> when it is a symlink (its parents already resolved); null otherwise or when absent.</summary>
    private unsafe string? ReadLinkInRoot(string path)
    {
        int fd = RootedFile.TryOpen(_root, path, Libc.O_PATH | Libc.O_NOFOLLOW, _rootPath, out _);
        if (fd < 0) return null;
        try
        {
            Libc.Statx stat;
            Libc.Check(Libc.StatxAt(fd, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &stat), "statx", path);
            return stat.FileType == Libc.S_IFLNK ? Libc.ReadLinkAtText(fd, "") : null;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>Go's os.FileMode of a stat (syscall's fillFileStatFromSys).</summary>
    public static uint GoFileMode(Libc.Statx stat)
    {
        uint mode = stat.Mode & 0x1FFu;
        mode |= stat.FileType switch
        {
            Libc.S_IFDIR => PathStat.ModeDir,
            Libc.S_IFLNK => PathStat.ModeSymlink,
            Libc.S_IFBLK => 1u << 26,
            Libc.S_IFCHR => (1u << 26) | (1u << 21),
            Libc.S_IFIFO => 1u << 25,
            Libc.S_IFSOCK => 1u << 24,
            _ => 0u,
        };
        if ((stat.Mode & 0x800) != 0) mode |= 1u << 23; // setuid
        if ((stat.Mode & 0x400) != 0) mode |= 1u << 22; // setgid
        if ((stat.Mode & 0x200) != 0) mode |= 1u << 20; // sticky
        return mode;
    }

    public void Dispose() => Libc.Close(_root);
}

/// <summary>A bind over a container's rootfs: a file (its /etc/hosts) or a directory (a volume).</summary>
internal sealed record TreeMount(string Destination, string Source, bool ReadOnly);

/// <summary>A directory to extract into, held open: where it is in the container and the mount it belongs to (null: the rootfs).</summary>
internal sealed class ExtractionPoint(int fd, string resolved, TreeMount? mount) : IDisposable
{
    public int Fd { get; } = fd;
    public string Resolved { get; } = resolved;
    public TreeMount? Mount { get; } = mount;

    public void Dispose() => Libc.Close(Fd);
}

/// <summary>A node found in a <see cref="ContainerTree"/>: its parent directory held open and its name there ("." for the directory itself).</summary>
internal sealed class ContainerNode(int parentFd, string name, string requestedPath, Libc.Statx stat) : IDisposable
{
    public int ParentFd { get; } = parentFd;
    public string Name { get; } = name;

    /// <summary>The client's path made absolute, its trailing "/" or "/." kept.</summary>
    public string RequestedPath { get; } = requestedPath;

    public Libc.Statx Stat { get; } = stat;

    public bool IsDirectory => Stat.FileType == Libc.S_IFDIR;

    public void Dispose() => Libc.Close(ParentFd);
}

/// <summary>Container paths as Go's path/filepath and moby's archive package handle them, lexically.</summary>
internal static class ContainerPath
{
    /// <summary>filepath.Join("/", path) with a trailing "/" or "/." kept (archive.PreserveTrailingDotOrSeparator).</summary>
    public static string Absolute(string path)
    {
        string clean = Clean("/" + path);
        if (Base(path) == "." && Base(clean) != ".") clean = (clean.EndsWith('/') ? clean : clean + "/") + ".";
        if (path.EndsWith('/') && !clean.EndsWith('/')) clean += "/";
        return clean;
    }

    /// <summary>Ends in "/" or "/.": the client says it is a directory.</summary>
    public static bool AssertsDirectory(string path) => path.EndsWith('/') || Base(path) == ".";

    /// <summary>Go's filepath.Clean of an absolute path.</summary>
    public static string Clean(string path) => Wharf.Containers.ContainerCreation.CleanPath(path);

    /// <summary>Go's filepath.Base: the last element, trailing slashes ignored; "/" for the root.</summary>
    public static string Base(string path)
    {
        string trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0) return path.Length == 0 ? "." : "/";
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    public static string Join(string directory, string name) => directory.EndsWith('/') ? directory + name : directory + "/" + name;

    /// <summary>The parent of a cleaned absolute path.</summary>
    public static string Parent(string clean)
    {
        int slash = clean.LastIndexOf('/');
        return slash <= 0 ? "/" : clean[..slash];
    }

    public static IEnumerable<string> Components(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
