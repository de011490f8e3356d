using System.Globalization;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers;

public static partial class ContainerSpecBuilder
{
    private static readonly HashSet<string> UlimitNames = new(StringComparer.Ordinal)
    {
        "as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss",
        "rtprio", "rttime", "sigpending", "stack",
    };

    private static ProcessSpec BuildProcess(
        ContainerSpecInput input, HostSettings host, SecurityOptions security, IReadOnlyList<string> capabilities, string hostname, bool init)
    {
        var container = input.Container;
        var config = container.Config;
        if (string.IsNullOrEmpty(container.Path)) throw WharfException.Invalid("no command specified");
        var command = new List<string> { container.Path };
        command.AddRange(container.Args);
        if (init) command.InsertRange(0, [InitInContainer, "--"]);

        var user = RootfsUser.Resolve(input.RootfsPath, config.User, host.GroupAdd);
        var caps = capabilities.ToList();
        return new ProcessSpec
        {
            Terminal = config.Tty,
            ConsoleSize = config.Tty && host.ConsoleSize is [var height, var width] && (height > 0 || width > 0)
                ? new ConsoleSize { Height = (ushort)Math.Min(height, ushort.MaxValue), Width = (ushort)Math.Min(width, ushort.MaxValue) }
                : null,
            User = new UserSpec { Uid = user.Uid, Gid = user.Gid, AdditionalGids = [.. user.AdditionalGids] },
            Args = command,
            Env = [.. Environment(config, hostname)],
            Cwd = string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir,
            Capabilities = new CapabilitiesSpec { Bounding = caps, Effective = [.. caps], Permitted = [.. caps] },
            Rlimits = Rlimits(host.Ulimits),
            NoNewPrivileges = security.NoNewPrivileges,
            OomScoreAdj = host.OomScoreAdj,
        };
    }

    /// <summary>
    /// Docker's CreateDaemonEnvironment: PATH, HOSTNAME and (with a tty) TERM first, then the
    /// container's (already image-merged) Env replacing or adding by key.
    /// </summary>
    internal static IReadOnlyList<string> Environment(ContainerConfig config, string hostname)
    {
        var defaults = new List<string> { "PATH=" + DefaultPath, "HOSTNAME=" + hostname };
        if (config.Tty) defaults.Add("TERM=xterm");
        return EnvironmentList.ReplaceOrAppend(defaults, config.Env);
    }

    private static List<RlimitSpec>? Rlimits(IReadOnlyList<Ulimit>? ulimits)
    {
        if (ulimits is not { Count: > 0 }) return null;
        var rlimits = new List<RlimitSpec>();
        foreach (var ulimit in ulimits)
        {
            if (!UlimitNames.Contains(ulimit.Name)) throw WharfException.Invalid($"invalid ulimit type: {UntrustedName.Show(ulimit.Name)}");
            if (ulimit.Soft > ulimit.Hard && ulimit.Hard >= 0)
                throw WharfException.Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"ulimit soft limit must be less than or equal to hard limit: {ulimit.Soft} > {ulimit.Hard}"));
            // Go's uint64(-1): unlimited.
            rlimits.Add(new RlimitSpec { Type = "RLIMIT_" + ulimit.Name.ToUpperInvariant(), Soft = unchecked((ulong)ulimit.Soft), Hard = unchecked((ulong)ulimit.Hard) });
        }
        return rlimits;
    }
}
