using Wharf.Core.Oci;

namespace Wharf.Cgroups;

/// <summary><c>pids</c>: the same files on v1 and v2.</summary>
internal static class PidsController
{
    public const string Max = "pids.max";
    public const string Current = "pids.current";

    /// <summary>Writes <c>pids.max</c>: the limit when positive, "max" (unlimited) when 0 or negative.</summary>
    public static void Apply(string? dir, PidsResources pids)
    {
        string path = Controller.Require(dir, "pids", "a pids limit");
        CgroupFile.Write(path, Max, FormatLimit(pids.Limit));
    }

    public static string FormatLimit(long limit) => limit > 0 ? CgroupFile.Format(limit) : "max";

    public static CgroupStats Read(string dir, CgroupStats stats)
    {
        string? max = CgroupFile.TryRead(dir, Max);
        return stats with
        {
            PidsCurrent = CgroupFile.ReadUInt(dir, Current),
            PidsLimit = max is null or "max" or "" ? null : CgroupFile.ReadUInt(dir, Max),
        };
    }
}
