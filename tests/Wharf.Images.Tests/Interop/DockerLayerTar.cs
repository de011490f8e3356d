using System.Formats.Tar;
using System.Text;

namespace Wharf.Images.Tests.Interop;

/// <summary>A layer tar as `docker save` holds it, and the fields only Docker before 23 writes.</summary>
internal static class DockerLayerTar
{
    /// <summary>The top layer's tar: manifest.json's last Layers entry.</summary>
    public static byte[] Top(string savedArchive)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var reader = new TarReader(File.OpenRead(savedArchive)))
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                if (entry.DataStream is null) continue;
                using var data = new MemoryStream();
                entry.DataStream.CopyTo(data);
                files[entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name] = data.ToArray();
            }
        using var manifest = System.Text.Json.JsonDocument.Parse(files["manifest.json"]);
        string top = manifest.RootElement[0].GetProperty("Layers").EnumerateArray().Last().GetString()!;
        return files[top];
    }

    /// <summary>
    /// The tar without what Docker before 23 added to each header (moby's fillGo18FileTypeBits put the
    /// file type into the mode field; Go's FileInfoHeader looked up user and group names): mode
    /// cut to its permission bits, names blanked, checksum redone. Data and PAX records are untouched.
    /// </summary>
    public static byte[] WithoutPre23Fields(byte[] tar)
    {
        byte[] copy = (byte[])tar.Clone();
        for (int offset = 0; offset + 512 <= copy.Length;)
        {
            var header = copy.AsSpan(offset, 512);
            if (header.IndexOfAnyExcept((byte)0) < 0) break; // the end marker
            long size = Octal(header.Slice(124, 12));
            long mode = Octal(header.Slice(100, 8)) & 0b111_111_111_111;
            Encoding.ASCII.GetBytes(Convert.ToString(mode, 8).PadLeft(7, '0') + "\0", header.Slice(100, 8));
            header.Slice(265, 64).Clear(); // uname, gname
            header.Slice(148, 8).Fill((byte)' ');
            int sum = 0;
            foreach (byte b in header) sum += b;
            Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ", header.Slice(148, 8));
            offset += 512 + (int)((size + 511) / 512 * 512);
        }
        return copy;
    }

    private static long Octal(ReadOnlySpan<byte> field)
    {
        string text = Encoding.ASCII.GetString(field).Trim('\0', ' ');
        return text.Length == 0 ? 0 : Convert.ToInt64(text, 8);
    }
}
