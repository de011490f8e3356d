using Wharf.Containers;
using Wharf.Core.Oci;

namespace Wharf.Engine.Containers;

/// <summary>
/// The OCI process of a `docker exec`, as dockerd makes it: the container's own process settings
/// (capabilities, rlimits, no-new-privileges, its environment) with the exec's command, its extra
/// environment on top, its user (resolved in the container's rootfs), working directory and tty.
/// A privileged exec gets every capability of the bounding set.
/// </summary>
internal static class ExecProcess
{
    public static ProcessSpec Build(ProcessSpec container, string rootfs, Container record, ExecConfig exec)
    {
        var env = EnvironmentOverlay(container.Env ?? [], exec.Env ?? []);
        var user = container.User;
        if (!string.IsNullOrEmpty(exec.User))
        {
            var resolved = RootfsUser.Resolve(rootfs, exec.User, record.HostSettings.GroupAdd);
            user = new UserSpec { Uid = resolved.Uid, Gid = resolved.Gid, AdditionalGids = [.. resolved.AdditionalGids] };
            env = EnvironmentOverlay(env, [$"HOME={resolved.Home}"], replace: false);
        }
        var capabilities = container.Capabilities;
        if (exec.Privileged && capabilities?.Bounding is { } bounding)
            capabilities = new CapabilitiesSpec { Bounding = bounding, Effective = bounding, Permitted = bounding, Inheritable = bounding };
        if (exec.Tty) env = EnvironmentOverlay(env, ["TERM=xterm"], replace: false);
        return container with
        {
            Args = [.. exec.Cmd],
            Env = env,
            User = user,
            Cwd = string.IsNullOrEmpty(exec.WorkingDir) ? container.Cwd : exec.WorkingDir,
            Terminal = exec.Tty,
            ConsoleSize = null,
            Capabilities = capabilities,
        };
    }

    /// <summary>Entries of <paramref name="extra"/> replace those with the same name (or, with replace false, only fill gaps).</summary>
    internal static List<string> EnvironmentOverlay(IReadOnlyList<string> current, IReadOnlyList<string> extra, bool replace = true)
    {
        var result = current.ToList();
        foreach (string entry in extra)
        {
            string key = entry.Split('=', 2)[0];
            int at = result.FindIndex(e => e.Split('=', 2)[0] == key);
            if (at < 0) result.Add(entry);
            else if (replace) result[at] = entry;
        }
        return result;
    }
}
