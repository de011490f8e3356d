using Wharf.Core.Oci;

namespace Wharf.Containers;

/// <summary>
/// The part of Docker's container Config the engine honours or records. Property names are
/// Docker's, so the stored record reads like `docker inspect`'s "Config". After creation it holds
/// the image's defaults merged in (<see cref="ImageDefaults.Merge"/>), as Docker stores it.
/// </summary>
public sealed record ContainerConfig
{
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }

    /// <summary>"", "uid", "uid:gid", "name", "name:group" or "uid:group", resolved in the rootfs at start.</summary>
    public string? User { get; init; }

    /// <summary>"KEY=value" entries.</summary>
    public IReadOnlyList<string>? Env { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>
    /// null: take the image's; [] : no entrypoint, keep the image's Cmd; [""] (`--entrypoint ""`):
    /// no entrypoint and not the image's Cmd either. Docker tells these apart, so do we.
    /// </summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public string? WorkingDir { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The image as the user typed it ("busybox", "sha256:...", an id prefix).</summary>
    public string? Image { get; init; }

    /// <summary>"port/proto" keys, each mapped to {} as Docker writes them.</summary>
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    /// <summary>Container paths that get an anonymous volume, each mapped to {}.</summary>
    public IReadOnlyDictionary<string, EmptyObject>? Volumes { get; init; }

    public string? StopSignal { get; init; }

    /// <summary>Seconds to wait after the stop signal before killing; null is the engine's default.</summary>
    public int? StopTimeout { get; init; }

    /// <summary>The container-wide MAC address clients before API 1.44 send (newer ones set it per endpoint).</summary>
    public string? MacAddress { get; init; }
}
