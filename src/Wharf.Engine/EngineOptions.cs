namespace Wharf.Engine;

/// <summary>Where the engine keeps its state and which programs it runs containers with.</summary>
public sealed record EngineOptions
{
    /// <summary>Persistent state: images, layers, container records and logs (`--data-root`).</summary>
    public string DataRoot { get; init; } = "/var/lib/wharf";

    /// <summary>Runtime state on tmpfs: shims' sockets, bundles, rootfs mount points (`--exec-root`).</summary>
    public string ExecRoot { get; init; } = "/run/wharf";

    /// <summary>The OCI runtime binary (wharf-runtime or runc).</summary>
    public required string RuntimePath { get; init; }

    /// <summary>The wharf-shim binary.</summary>
    public required string ShimPath { get; init; }

    /// <summary>A static init for `--init` (Debian's tini-static); null when none is installed.</summary>
    public string? InitPath { get; init; }

    /// <summary>Default `--log-opt` values for json-file logs (Docker's defaults: unlimited, one file).</summary>
    public long LogMaxSize { get; init; }

    public int LogMaxFiles { get; init; } = 1;
}
