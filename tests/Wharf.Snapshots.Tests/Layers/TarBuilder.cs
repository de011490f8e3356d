using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>Builds layer tars in memory with System.Formats.Tar, hostile ones included.</summary>
internal sealed class TarBuilder
{
    public static readonly DateTimeOffset Time = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly MemoryStream _stream = new();
    private readonly TarWriter _writer;

    public TarBuilder() => _writer = new TarWriter(_stream, TarEntryFormat.Pax, leaveOpen: true);

    public TarBuilder File(string name, string content = "", UnixFileMode mode = (UnixFileMode)0b110_100_100, int uid = 0, int gid = 0,
        IEnumerable<KeyValuePair<string, string>>? pax = null)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name, pax ?? [])
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            Mode = mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = Time,
        };
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder Directory(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode, Uid = uid, Gid = gid, ModificationTime = Time });

    public TarBuilder Symlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0b111_111_111, ModificationTime = Time });

    public TarBuilder HardLink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, Mode = (UnixFileMode)0b110_100_100, ModificationTime = Time });

    public TarBuilder CharDevice(string name, int major, int minor, UnixFileMode mode = (UnixFileMode)0b110_110_110) =>
        Add(new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = major, DeviceMinor = minor, Mode = mode, ModificationTime = Time });

    public TarBuilder Fifo(string name) =>
        Add(new PaxTarEntry(TarEntryType.Fifo, name) { Mode = (UnixFileMode)0b110_100_100, ModificationTime = Time });

    private TarBuilder Add(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }

    /// <summary>The finished archive (with its end marker).</summary>
    public byte[] Build()
    {
        _writer.Dispose();
        return _stream.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    public static byte[] Zstd(byte[] data)
    {
        var output = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(output, leaveOpen: true)) zstd.Write(data);
        return output.ToArray();
    }

    /// <summary>A single raw ustar header block with a valid checksum, for what TarWriter refuses to write.</summary>
    public static byte[] RawHeader(string name, char type, long size)
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name, header.AsSpan(0, 100));
        Encoding.ASCII.GetBytes("0000644\0", header.AsSpan(100));
        Encoding.ASCII.GetBytes("0000000\0", header.AsSpan(108));
        Encoding.ASCII.GetBytes("0000000\0", header.AsSpan(116));
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0", header.AsSpan(124));
        Encoding.ASCII.GetBytes("00000000000\0", header.AsSpan(136));
        header[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar\u000000", header.AsSpan(257));
        header.AsSpan(148, 8).Fill((byte)' ');
        int sum = header.Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ", header.AsSpan(148));
        return header;
    }
}
