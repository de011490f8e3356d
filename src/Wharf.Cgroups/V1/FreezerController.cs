using System.Diagnostics;
using Wharf.Core;

namespace Wharf.Cgroups.V1;

/// <summary>v1 <c>freezer</c>: <c>freezer.state</c> is THAWED, FREEZING or FROZEN.</summary>
internal static class FreezerController
{
    public const string StateFile = "freezer.state";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static FreezerState State(string? dir) => (dir is null ? null : CgroupFile.TryRead(dir, StateFile)) switch
    {
        "FROZEN" => FreezerState.Frozen,
        "FREEZING" => FreezerState.Freezing,
        _ => FreezerState.Thawed,
    };

    /// <summary>
    /// Writes FROZEN until the state reads FROZEN. The kernel moves to FROZEN only once every task has stopped, and
    /// a freeze racing with fork can stall in FREEZING; like runc, write FROZEN again on each round and now and then
    /// thaw and retry. Gives up (thawed again, so nothing is left half-frozen) after <see cref="Timeout"/>.
    /// </summary>
    public static void Freeze(string dir)
    {
        var clock = Stopwatch.StartNew();
        for (int round = 0; ; round++)
        {
            if (round % 50 == 49)
            {
                CgroupFile.TryWrite(dir, StateFile, "THAWED");
                Thread.Sleep(10);
            }
            CgroupFile.Write(dir, StateFile, "FROZEN");
            string state = CgroupFile.Read(dir, StateFile);
            if (state == "FROZEN")
                return;
            if (state != "FREEZING")
                throw new WharfException(ErrorKind.Internal, $"cgroup: {Path.Combine(dir, StateFile)} is \"{state}\" after writing FROZEN");
            if (clock.Elapsed > Timeout)
            {
                CgroupFile.TryWrite(dir, StateFile, "THAWED");
                throw new WharfException(ErrorKind.Conflict, $"cgroup: {dir} did not freeze within {Timeout.TotalSeconds:0} s (still FREEZING); thawed it again");
            }
            Thread.Sleep(round < 10 ? 1 : 10);
        }
    }

    public static void Thaw(string dir) => CgroupFile.Write(dir, StateFile, "THAWED");
}
