namespace Wharf.Cli.Terminal;

/// <summary>
/// Docker's detach-key syntax (moby/term ToBytes): comma-separated keys, each a single character,
/// "ctrl-@" … "ctrl-z", "ctrl-[", "ctrl-\", "ctrl-]", "ctrl-^", "ctrl-_", or "DEL".
/// </summary>
internal static class DetachKeys
{
    /// <summary>ctrl-p, ctrl-q: what docker uses when nothing is configured.</summary>
    public static readonly byte[] Default = [16, 17];

    private const string ControlSuffixes = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

    public static byte[] Parse(string keys) =>
        TryParse(keys, out byte[] codes, out string? error) ? codes : throw new FormatException(error);

    public static bool TryParse(string keys, out byte[] codes, out string? error)
    {
        var result = new List<byte>();
        foreach (string key in keys.Split(','))
        {
            if (key.Length == 1 && key[0] < 0x80)
            {
                result.Add((byte)key[0]);
                continue;
            }
            if (key.Length == 6 && key.StartsWith("ctrl-", StringComparison.Ordinal) && ControlSuffixes.IndexOf(key[5]) is int code and >= 0)
            {
                result.Add((byte)code);
                continue;
            }
            if (key == "DEL")
            {
                result.Add(127);
                continue;
            }
            codes = [];
            error = $"unknown character: '{key}'";
            return false;
        }
        codes = [.. result];
        error = null;
        return true;
    }
}
