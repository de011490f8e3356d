using System.Globalization;
using System.Runtime.InteropServices;
using Wharf.Core;
using Wharf.Linux.Interop;

namespace Wharf.Cgroups;

/// <summary>Directory-level work on one hierarchy: mkdir, rmdir of a cgroup and its children, process lists.</summary>
internal static class CgroupTree
{
    /// <summary>Delays between rmdir attempts while the last processes leave (about 1.3 s in all).</summary>
    private static readonly int[] RemoveRetryDelaysMs = [10, 20, 40, 80, 160, 320, 640];

    public static void Create(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (CgroupFile.ErrnoOf(e) is int errno)
        {
            throw new WharfException(ErrorKind.Internal, $"cgroup: mkdir {dir}: {Marshal.GetPInvokeErrorMessage(errno)}", e);
        }
    }

    /// <summary>
    /// Removes each directory and every cgroup below it, deepest first (cgroupfs refuses rmdir of a cgroup that has
    /// children). A missing directory is success. rmdir fails with EBUSY while processes remain; that is retried for
    /// all busy directories together, with growing delays (about 1.3 s in all), because processes that were just
    /// killed take a moment to leave. Every directory is attempted; failures in directories that are not
    /// <see cref="CgroupDirectory.Required"/> are ignored, and the first other failure is thrown at the end.
    /// </summary>
    public static void Remove(IReadOnlyList<CgroupDirectory> directories)
    {
        WharfException? first = null;
        List<CgroupDirectory> pending = [.. directories];
        for (int attempt = 0; pending.Count > 0; attempt++)
        {
            var busy = new List<CgroupDirectory>();
            foreach (CgroupDirectory directory in pending)
            {
                int errno = TryRemoveTree(directory.Path, out string failedPath);
                if (errno == 0)
                    continue;
                bool retry = errno == Errno.EBUSY && attempt < RemoveRetryDelaysMs.Length;
                if (retry)
                    busy.Add(directory);
                else if (directory.Required)
                    first ??= RemoveError(failedPath, errno);
            }
            if (busy.Count > 0)
                Thread.Sleep(RemoveRetryDelaysMs[attempt]);
            pending = busy;
        }
        if (first is not null)
            throw first;
    }

    private static WharfException RemoveError(string path, int errno) => errno == Errno.EBUSY
        ? new WharfException(ErrorKind.Conflict, $"cgroup: rmdir {path}: {Marshal.GetPInvokeErrorMessage(errno)} (processes are still in the cgroup)")
        : new WharfException(ErrorKind.Internal, $"cgroup: rmdir {path}: {Marshal.GetPInvokeErrorMessage(errno)}");

    private static int TryRemoveTree(string dir, out string failedPath)
    {
        failedPath = dir;
        try
        {
            foreach (string child in Directory.EnumerateDirectories(dir))
            {
                int errno = TryRemoveTree(child, out failedPath);
                if (errno != 0)
                    return errno;
            }
            // Non-recursive Directory.Delete is a plain rmdir(2); cgroupfs allows it although control files remain.
            Directory.Delete(dir);
            return 0;
        }
        catch (Exception e) when (CgroupFile.ErrnoOf(e) is int errno)
        {
            failedPath = dir;
            return errno == Errno.ENOENT ? 0 : errno;
        }
    }

    /// <summary>The pids listed in <c>cgroup.procs</c> of <paramref name="dir"/> and of every cgroup below it.</summary>
    public static List<int> Pids(string dir)
    {
        var pids = new List<int>();
        Collect(dir, pids);
        return pids;
    }

    private static void Collect(string dir, List<int> pids)
    {
        if (CgroupFile.TryRead(dir, "cgroup.procs") is not string procs)
            return;
        pids.AddRange(ParsePids(procs));
        try
        {
            foreach (string child in Directory.EnumerateDirectories(dir))
                Collect(child, pids);
        }
        catch (Exception e) when (CgroupFile.ErrnoOf(e) is not null)
        {
            // The cgroup went away while we were reading it: what was read so far is the answer.
        }
    }

    public static IEnumerable<int> ParsePids(string text)
    {
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                yield return pid;
        }
    }

    /// <summary>
    /// Writes a pid to <c>cgroup.procs</c>. EINVAL can mean the task is still being forked (TASK_NEW), so that is
    /// retried a few times, as runc does.
    /// </summary>
    public static void AddProcess(string dir, int pid)
    {
        string value = pid.ToString(CultureInfo.InvariantCulture);
        for (int attempt = 0; ; attempt++)
        {
            int errno = CgroupFile.TryWrite(dir, "cgroup.procs", value);
            if (errno == 0)
                return;
            if (errno == Errno.EINVAL && attempt < 4)
            {
                Thread.Sleep(30);
                continue;
            }
            throw CgroupFile.WriteError(Path.Combine(dir, "cgroup.procs"), value, errno);
        }
    }
}
