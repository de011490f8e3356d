using Wharf.Core;

namespace Wharf.Containers;

/// <summary>The command a container runs: Entrypoint + Cmd of its merged config, as Path and Args.</summary>
public static class ContainerCommand
{
    /// <summary>Docker's getEntrypointAndArgs, after mergeAndVerifyConfig's check.</summary>
    /// <exception cref="WharfException">InvalidArgument "no command specified" when neither is set.</exception>
    public static (string Path, IReadOnlyList<string> Args) Resolve(ContainerConfig merged)
    {
        var entrypoint = merged.Entrypoint ?? [];
        var cmd = merged.Cmd ?? [];
        if (entrypoint.Count == 0 && cmd.Count == 0) throw WharfException.Invalid("no command specified");
        if (entrypoint.Count == 0) return (cmd[0], cmd.Skip(1).ToArray());
        return (entrypoint[0], entrypoint.Skip(1).Concat(cmd).ToArray());
    }
}
