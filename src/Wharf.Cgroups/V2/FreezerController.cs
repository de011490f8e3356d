using System.Diagnostics;
using Wharf.Core;

namespace Wharf.Cgroups.V2;

/// <summary>
/// v2 freezer (Linux 5.2+): writing 1 to <c>cgroup.freeze</c> asks for a freeze; <c>cgroup.events</c> says
/// <c>frozen 1</c> once every task has stopped.
/// </summary>
internal static class FreezerController
{
    public const string FreezeFile = "cgroup.freeze";
    public const string EventsFile = "cgroup.events";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static FreezerState State(string dir)
    {
        if (CgroupFile.TryRead(dir, FreezeFile) != "1")
            return FreezerState.Thawed; // not asked to freeze, or no freezer (root cgroup, kernel < 5.2)
        return CgroupFile.ReadKeyed(dir, EventsFile).GetValueOrDefault("frozen") == 1 ? FreezerState.Frozen : FreezerState.Freezing;
    }

    /// <summary>
    /// Requests the freeze and polls <c>cgroup.events</c> until it reports frozen (the kernel signals the change
    /// with a file-modified event, but waiting on that needs inotify; freezing is rare enough that polling at 1-10 ms
    /// is fine). Thaws again and fails after <see cref="Timeout"/>.
    /// </summary>
    public static void Freeze(string dir)
    {
        if (!CgroupFile.Exists(dir, FreezeFile))
            throw new WharfException(ErrorKind.Internal, $"cgroup: cannot freeze {dir}: no {FreezeFile} (the v2 freezer needs Linux 5.2 or later)");
        CgroupFile.Write(dir, FreezeFile, "1");
        var clock = Stopwatch.StartNew();
        for (int round = 0; ; round++)
        {
            if (CgroupFile.ReadKeyed(dir, EventsFile).GetValueOrDefault("frozen") == 1)
                return;
            if (clock.Elapsed > Timeout)
            {
                CgroupFile.TryWrite(dir, FreezeFile, "0");
                throw new WharfException(ErrorKind.Conflict, $"cgroup: {dir} did not freeze within {Timeout.TotalSeconds:0} s; thawed it again");
            }
            Thread.Sleep(round < 10 ? 1 : 10);
        }
    }

    public static void Thaw(string dir) => CgroupFile.Write(dir, FreezeFile, "0");
}
