namespace Wharf.Images.Tests.Interop;

/// <summary>
/// A test against Debian's dockerd, started by <see cref="DockerDaemonFixture"/>: skipped with the
/// reason when not root or dockerd, the docker CLI, busybox-static or (when asked) wharf-runtime is
/// missing. Use with <c>[Trait("Category", "Kernel")]</c>.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute(bool needsWharfRuntime = false)
    {
        Skip = InteropTools.CommonSkipReason()
               ?? (InteropTools.Dockerd is null ? "dockerd is not installed (scripts/install-deps.sh installs docker.io)" : null)
               ?? (InteropTools.Docker is null ? "the docker CLI is not installed (scripts/install-deps.sh installs docker.io)" : null)
               ?? (needsWharfRuntime ? WharfRuntimeSkipReason() : null);
    }

    internal static string? WharfRuntimeSkipReason() =>
        InteropTools.WharfRuntime is null ? "out/wharf-runtime/wharf-runtime is not built (scripts/build.sh builds it)" : null;
}

/// <summary>
/// A test against podman in its own temp --root/--runroot (<see cref="PodmanFixture"/>): skipped with
/// the reason when not root or podman, runc, busybox-static or (when asked) wharf-runtime is missing.
/// Use with <c>[Trait("Category", "Kernel")]</c>.
/// </summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    public PodmanFactAttribute(bool needsWharfRuntime = false)
    {
        Skip = InteropTools.CommonSkipReason()
               ?? (InteropTools.Podman is null ? "podman is not installed (scripts/install-deps.sh installs it)" : null)
               ?? (InteropTools.Runc is null ? "runc is not installed: podman runs with --runtime runc here (crun refuses this host)" : null)
               ?? (needsWharfRuntime ? DockerFactAttribute.WharfRuntimeSkipReason() : null);
    }
}
