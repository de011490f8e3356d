using System.Text;
using Wharf.Core.Oci;
using Wharf.Linux.Seccomp;

namespace Wharf.Runtime.Process;

/// <summary>
/// The sync socket's wire format: compact binary, written and read field by field. The init
/// stage is a fresh process per container and this keeps it from loading a JSON serializer,
/// which costs it milliseconds of cold start. Only the parts of the config the init acts on
/// travel; the runtime keeps the rest. Both ends are this same binary, so there is no version
/// skew to handle beyond a magic number.
/// </summary>
internal static class InitMessageCodec
{
    private const uint Magic = 0x57484631; // "WHF1"

    public static byte[] Encode(InitRequest request)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write((byte)request.Mode);
            w.Write(request.ContainerId);
            w.Write(request.Rootfs);
            w.Write(request.Bundle);
            WriteString(w, request.StateDirectory);
            w.Write(request.ConsoleSocketFd);
            w.Write(request.PreserveFds);
            w.Write(request.HostPid);
            WriteList(w, request.CgroupMounts, (w, m) => { w.Write(m.Name); w.Write(m.HostPath); });
            WriteList(w, request.Joins, (w, j) => { w.Write(j.CloneFlag); w.Write(j.Fd); });
            WriteList(w, request.SeccompProgram, (w, f) => { w.Write(f.Code); w.Write(f.Jt); w.Write(f.Jf); w.Write(f.K); });
            w.Write(request.SeccompFlags);
            WriteSpec(w, request.Spec);
        }
        return buffer.ToArray();
    }

    public static InitRequest DecodeRequest(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        if (r.ReadUInt32() != Magic) throw new InvalidDataException("init request: bad magic");
        return new InitRequest
        {
            Mode = (InitMode)r.ReadByte(),
            ContainerId = r.ReadString(),
            Rootfs = r.ReadString(),
            Bundle = r.ReadString(),
            StateDirectory = ReadString(r),
            ConsoleSocketFd = r.ReadInt32(),
            PreserveFds = r.ReadInt32(),
            HostPid = r.ReadInt32(),
            CgroupMounts = ReadList(r, r => new CgroupMountSource(r.ReadString(), r.ReadString())) ?? [],
            Joins = ReadList(r, r => new NamespaceJoin(r.ReadInt32(), r.ReadInt32())) ?? [],
            SeccompProgram = ReadList(r, r => new SockFilter(r.ReadUInt16(), r.ReadByte(), r.ReadByte(), r.ReadUInt32()))?.ToArray(),
            SeccompFlags = r.ReadUInt32(),
            Spec = ReadSpec(r),
        };
    }

    public static byte[] Encode(InitReply reply)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(reply.Ok);
            w.Write(reply.HooksDue);
            WriteString(w, reply.Error);
        }
        return buffer.ToArray();
    }

    public static InitReply DecodeReply(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        bool ok = r.ReadBoolean();
        bool hooksDue = r.ReadBoolean();
        return new InitReply(ok, ReadString(r), hooksDue);
    }

    private static void WriteSpec(BinaryWriter w, RuntimeSpec spec)
    {
        var p = spec.Process ?? new ProcessSpec();
        w.Write(p.Terminal);
        w.Write(p.ConsoleSize?.Height ?? 0);
        w.Write(p.ConsoleSize?.Width ?? 0);
        w.Write(p.User.Uid);
        w.Write(p.User.Gid);
        w.Write(p.User.Umask.HasValue);
        w.Write(p.User.Umask ?? 0);
        WriteList(w, p.User.AdditionalGids, (w, g) => w.Write(g));
        WriteStrings(w, p.Args);
        WriteStrings(w, p.Env);
        w.Write(p.Cwd);
        w.Write(p.Capabilities is not null);
        if (p.Capabilities is { } c)
        {
            WriteStrings(w, c.Bounding);
            WriteStrings(w, c.Effective);
            WriteStrings(w, c.Inheritable);
            WriteStrings(w, c.Permitted);
            WriteStrings(w, c.Ambient);
        }
        WriteList(w, p.Rlimits, (w, l) => { w.Write(l.Type); w.Write(l.Hard); w.Write(l.Soft); });
        w.Write(p.NoNewPrivileges);
        w.Write(p.OomScoreAdj.HasValue);
        w.Write(p.OomScoreAdj ?? 0);

        w.Write(spec.Root?.Readonly ?? false);
        WriteString(w, spec.Hostname);
        WriteString(w, spec.Domainname);
        WriteList(w, spec.Mounts, (w, m) => { w.Write(m.Destination); WriteString(w, m.Type); WriteString(w, m.Source); WriteStrings(w, m.Options); });
        WriteHooks(w, spec.Hooks?.CreateContainer);
        WriteHooks(w, spec.Hooks?.StartContainer);
        WriteMap(w, spec.Annotations);

        var l = spec.Linux ?? new LinuxSpec();
        WriteList(w, l.Namespaces, (w, n) => { w.Write(n.Type); WriteString(w, n.Path); });
        WriteList(w, l.Devices, (w, d) =>
        {
            w.Write(d.Type); w.Write(d.Path); w.Write(d.Major); w.Write(d.Minor);
            w.Write(d.FileMode ?? 0x1b6); w.Write(d.Uid ?? 0); w.Write(d.Gid ?? 0);
        });
        WriteMap(w, l.Sysctl);
        WriteString(w, l.RootfsPropagation);
        WriteStrings(w, l.MaskedPaths);
        WriteStrings(w, l.ReadonlyPaths);
    }

    private static RuntimeSpec ReadSpec(BinaryReader r)
    {
        bool terminal = r.ReadBoolean();
        ushort height = r.ReadUInt16(), width = r.ReadUInt16();
        uint uid = r.ReadUInt32(), gid = r.ReadUInt32();
        bool hasUmask = r.ReadBoolean();
        uint umask = r.ReadUInt32();
        var user = new UserSpec { Uid = uid, Gid = gid, Umask = hasUmask ? umask : null, AdditionalGids = ReadList(r, r => r.ReadUInt32()) };
        var args = ReadStrings(r);
        var env = ReadStrings(r);
        string cwd = r.ReadString();
        CapabilitiesSpec? capabilities = r.ReadBoolean()
            ? new CapabilitiesSpec { Bounding = ReadStrings(r), Effective = ReadStrings(r), Inheritable = ReadStrings(r), Permitted = ReadStrings(r), Ambient = ReadStrings(r) }
            : null;
        var rlimits = ReadList(r, r => new RlimitSpec { Type = r.ReadString(), Hard = r.ReadUInt64(), Soft = r.ReadUInt64() });
        bool noNewPrivileges = r.ReadBoolean();
        bool hasOom = r.ReadBoolean();
        int oom = r.ReadInt32();
        var process = new ProcessSpec
        {
            Terminal = terminal,
            ConsoleSize = height > 0 ? new ConsoleSize { Height = height, Width = width } : null,
            User = user, Args = args, Env = env, Cwd = cwd, Capabilities = capabilities, Rlimits = rlimits,
            NoNewPrivileges = noNewPrivileges, OomScoreAdj = hasOom ? oom : null,
        };

        bool readOnly = r.ReadBoolean();
        string? hostname = ReadString(r), domainname = ReadString(r);
        var mounts = ReadList(r, r => new MountSpec { Destination = r.ReadString(), Type = ReadString(r), Source = ReadString(r), Options = ReadStrings(r) });
        var hooks = new HooksSpec { CreateContainer = ReadHooks(r), StartContainer = ReadHooks(r) };
        var annotations = ReadMap(r);

        var linux = new LinuxSpec
        {
            Namespaces = ReadList(r, r => new NamespaceSpec { Type = r.ReadString(), Path = ReadString(r) }),
            Devices = ReadList(r, r => new DeviceSpec
            {
                Type = r.ReadString(), Path = r.ReadString(), Major = r.ReadInt64(), Minor = r.ReadInt64(),
                FileMode = r.ReadUInt32(), Uid = r.ReadUInt32(), Gid = r.ReadUInt32(),
            }),
            Sysctl = ReadMap(r),
            RootfsPropagation = ReadString(r),
            MaskedPaths = ReadStrings(r),
            ReadonlyPaths = ReadStrings(r),
        };
        return new RuntimeSpec
        {
            Process = process, Root = new RootSpec { Path = "", Readonly = readOnly }, Hostname = hostname, Domainname = domainname,
            Mounts = mounts, Hooks = hooks, Annotations = annotations, Linux = linux,
        };
    }

    private static void WriteHooks(BinaryWriter w, List<HookSpec>? hooks) =>
        WriteList(w, hooks, (w, h) => { w.Write(h.Path); WriteStrings(w, h.Args); WriteStrings(w, h.Env); w.Write(h.Timeout ?? 0); });

    private static List<HookSpec>? ReadHooks(BinaryReader r) =>
        ReadList(r, r => new HookSpec { Path = r.ReadString(), Args = ReadStrings(r), Env = ReadStrings(r), Timeout = r.ReadInt32() is var t && t > 0 ? t : null });

    private static void WriteString(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    private static string? ReadString(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteStrings(BinaryWriter w, List<string>? values) => WriteList(w, values, (w, s) => w.Write(s));

    private static List<string>? ReadStrings(BinaryReader r) => ReadList(r, r => r.ReadString());

    private static void WriteMap(BinaryWriter w, Dictionary<string, string>? map) =>
        WriteList(w, map?.ToList(), (w, kv) => { w.Write(kv.Key); w.Write(kv.Value); });

    private static Dictionary<string, string>? ReadMap(BinaryReader r) =>
        ReadList(r, r => KeyValuePair.Create(r.ReadString(), r.ReadString()))?.ToDictionary();

    /// <summary>A count (-1 for null) then the items.</summary>
    private static void WriteList<T>(BinaryWriter w, IReadOnlyCollection<T>? items, Action<BinaryWriter, T> write)
    {
        w.Write(items?.Count ?? -1);
        foreach (var item in items ?? []) write(w, item);
    }

    private static List<T>? ReadList<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        int count = r.ReadInt32();
        if (count < 0) return null;
        if (count > 1 << 20) throw new InvalidDataException($"init request: list of {count} items");
        var items = new List<T>(count);
        for (int i = 0; i < count; i++) items.Add(read(r));
        return items;
    }
}
