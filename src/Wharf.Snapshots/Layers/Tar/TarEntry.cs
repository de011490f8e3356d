namespace Wharf.Snapshots.Layers.Tar;

/// <summary>What a tar entry makes; the special headers (PAX, GNU long names) never surface as entries.</summary>
internal enum TarEntryKind
{
    RegularFile,
    HardLink,
    SymbolicLink,
    CharacterDevice,
    BlockDevice,
    Directory,
    Fifo,
}

/// <summary>A time as tar carries it: seconds since the epoch and, from PAX, nanoseconds.</summary>
internal readonly record struct TarTime(long Seconds, int Nanoseconds);

/// <summary>One archive member with its PAX/GNU extensions already merged in.</summary>
internal sealed record TarEntry
{
    public required TarEntryKind Kind { get; init; }

    /// <summary>The name as the archive spells it (not yet cleaned or contained).</summary>
    public required string Name { get; init; }

    /// <summary>A symlink's target (verbatim) or a hard link's target name in the archive.</summary>
    public string LinkName { get; init; } = "";

    /// <summary>Permission bits with setuid, setgid and sticky (07777); the type comes from <see cref="Kind"/>.</summary>
    public uint Mode { get; init; }

    public uint Uid { get; init; }
    public uint Gid { get; init; }

    /// <summary>Bytes of content; only regular files have any.</summary>
    public long Size { get; init; }

    public TarTime ModTime { get; init; }
    public uint DevMajor { get; init; }
    public uint DevMinor { get; init; }

    /// <summary>Extended attributes (SCHILY.xattr.*), values as raw bytes; sorted by name when written.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Xattrs { get; init; } = [];
}
