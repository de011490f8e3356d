using System.Text;

namespace Wharf.Cli.Options;

/// <summary>
/// docker's kvfile: a file of KEY=value lines (--env-file, --label-file). Leading whitespace is
/// dropped, empty lines and '#' comments skipped, a key may not contain spaces or tabs; a line
/// with only a key takes its value from <c>lookup</c> (the environment) and is left out when the
/// lookup finds nothing or there is no lookup (label files).
/// </summary>
internal static class KeyValueFile
{
    /// <summary>Files larger than this are refused: an env file is a few lines, not a log.</summary>
    public const long MaxSize = 16 * 1024 * 1024;

    public static List<string> Read(string path, Func<string, string?>? lookup)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxSize) throw new CliError($"invalid env file ({path}): the file is larger than {MaxSize} bytes");
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new CliError($"open {path}: no such file or directory");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliError($"open {path}: no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliError($"open {path}: permission denied");
        }
        try
        {
            return Parse(bytes, lookup);
        }
        catch (FormatException e)
        {
            throw new CliError($"invalid env file ({path}): {e.Message}");
        }
    }

    /// <summary>The lines of <paramref name="content"/> as KEY=value strings; FormatException with kvfile's wording.</summary>
    public static List<string> Parse(ReadOnlySpan<byte> content, Func<string, string?>? lookup)
    {
        var lines = new List<string>();
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        int number = 0;
        while (!content.IsEmpty)
        {
            number++;
            int end = content.IndexOf((byte)'\n');
            ReadOnlySpan<byte> raw = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];
            if (raw.Length > 0 && raw[^1] == '\r') raw = raw[..^1]; // bufio.ScanLines drops a trailing \r
            if (number == 1 && raw.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) raw = raw[3..];
            string text;
            try
            {
                text = strict.GetString(raw);
            }
            catch (DecoderFallbackException)
            {
                throw new FormatException($"invalid utf8 bytes at line {number}: [{string.Join(' ', raw.ToArray())}]");
            }
            string line = text.TrimStart();
            if (line.Length == 0 || line[0] == '#') continue;
            int eq = line.IndexOf('=');
            string key = eq < 0 ? line : line[..eq];
            if (key.Length == 0) throw new FormatException($"no variable name on line '{line}'");
            if (key.AsSpan().IndexOfAny(' ', '\t') >= 0) throw new FormatException($"variable '{key}' contains whitespaces");
            if (eq >= 0)
            {
                lines.Add(line);
                continue;
            }
            if (lookup?.Invoke(line) is string value) lines.Add(key + "=" + value);
        }
        return lines;
    }
}
