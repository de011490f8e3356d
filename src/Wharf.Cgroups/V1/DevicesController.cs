using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.V1;

/// <summary>
/// v1 <c>devices</c>: each OCI rule becomes one line written to <c>devices.allow</c> or <c>devices.deny</c>, in
/// order. A rule of type "a" replaces the whole list (deny-all or allow-all), so the usual OCI list — deny all,
/// then allow a few — leaves exactly those devices allowed.
/// </summary>
/// <remarks>
/// Rules are written one by one, so a cgroup whose processes are already running may briefly see the intermediate
/// list (e.g. deny-all before the allows). Apply runs before the container process starts user code, where that is
/// harmless; runc avoids it on updates by diffing against <c>devices.list</c>.
/// </remarks>
internal static class DevicesController
{
    public const string Allow = "devices.allow";
    public const string Deny = "devices.deny";

    public static void Apply(string? dir, IReadOnlyList<DeviceCgroupRule> rules)
    {
        if (rules.Count == 0)
            return;
        string[] lines = rules.Select(Format).ToArray(); // validate all before writing any
        string path = Controller.Require(dir, "devices", "device rules");
        for (int i = 0; i < rules.Count; i++)
            CgroupFile.Write(path, rules[i].Allow ? Allow : Deny, lines[i]);
    }

    /// <summary>
    /// The kernel's rule syntax, <c>type major:minor access</c>: type "a" (all, the default), "c" or "b"; a missing
    /// or negative major/minor is "*"; a missing access is "rwm".
    /// </summary>
    public static string Format(DeviceCgroupRule rule)
    {
        string type = string.IsNullOrEmpty(rule.Type) ? "a" : rule.Type;
        if (type is not ("a" or "b" or "c"))
            throw WharfException.Invalid($"device cgroup rule: invalid type \"{rule.Type}\" (want a, b or c)");
        string access = string.IsNullOrEmpty(rule.Access) ? "rwm" : rule.Access;
        if (access.Length > 3 || access.Any(c => c is not ('r' or 'w' or 'm')) || access.Distinct().Count() != access.Length)
            throw WharfException.Invalid($"device cgroup rule: invalid access \"{rule.Access}\" (want a combination of r, w and m)");
        return $"{type} {Number(rule.Major)}:{Number(rule.Minor)} {access}";
    }

    private static string Number(long? value) => value is long n && n >= 0 ? CgroupFile.Format(n) : "*";
}
