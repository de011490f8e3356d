namespace Wharf.Core.Oci;

// OCI runtime-spec config.json (https://github.com/opencontainers/runtime-spec/blob/main/config.md).
// Records mirror the spec's field names; System.Text.Json maps them in camelCase through
// OciJsonContext. Fields Wharf does not act on yet are still kept so a round trip loses nothing.

public sealed record RuntimeSpec
{
    public string OciVersion { get; init; } = "1.0.2";
    public ProcessSpec? Process { get; init; }
    public RootSpec? Root { get; init; }
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public List<MountSpec>? Mounts { get; init; }
    public HooksSpec? Hooks { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
    public LinuxSpec? Linux { get; init; }
}

public sealed record RootSpec
{
    public string Path { get; init; } = "";
    public bool Readonly { get; init; }
}

public sealed record MountSpec
{
    public string Destination { get; init; } = "";
    public string? Type { get; init; }
    public string? Source { get; init; }
    public List<string>? Options { get; init; }
}

public sealed record ProcessSpec
{
    public bool Terminal { get; init; }
    public ConsoleSize? ConsoleSize { get; init; }
    public UserSpec User { get; init; } = new();
    public List<string>? Args { get; init; }
    public List<string>? Env { get; init; }
    public string Cwd { get; init; } = "/";
    public CapabilitiesSpec? Capabilities { get; init; }
    public List<RlimitSpec>? Rlimits { get; init; }
    public bool NoNewPrivileges { get; init; }
    public string? ApparmorProfile { get; init; }
    public int? OomScoreAdj { get; init; }
    public string? SelinuxLabel { get; init; }
}

public sealed record ConsoleSize
{
    public ushort Height { get; init; }
    public ushort Width { get; init; }
}

public sealed record UserSpec
{
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public uint? Umask { get; init; }
    public List<uint>? AdditionalGids { get; init; }
    public string? Username { get; init; }
}

public sealed record CapabilitiesSpec
{
    public List<string>? Bounding { get; init; }
    public List<string>? Effective { get; init; }
    public List<string>? Inheritable { get; init; }
    public List<string>? Permitted { get; init; }
    public List<string>? Ambient { get; init; }
}

public sealed record RlimitSpec
{
    public string Type { get; init; } = "";
    public ulong Hard { get; init; }
    public ulong Soft { get; init; }
}

public sealed record HooksSpec
{
    public List<HookSpec>? Prestart { get; init; }
    public List<HookSpec>? CreateRuntime { get; init; }
    public List<HookSpec>? CreateContainer { get; init; }
    public List<HookSpec>? StartContainer { get; init; }
    public List<HookSpec>? Poststart { get; init; }
    public List<HookSpec>? Poststop { get; init; }
}

public sealed record HookSpec
{
    public string Path { get; init; } = "";
    public List<string>? Args { get; init; }
    public List<string>? Env { get; init; }
    public int? Timeout { get; init; }
}
