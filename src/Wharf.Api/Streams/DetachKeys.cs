namespace Wharf.Api.Streams;

/// <summary>
/// Docker's detach key sequence: comma-separated keys, each a single character or "ctrl-X" for
/// X in a–z, @, [, \, ], ^, _ (lower case, as moby/term matches), or "DEL". The default is ctrl-p,ctrl-q.
/// </summary>
public static class DetachKeys
{
    public const string DefaultSpec = "ctrl-p,ctrl-q";

    /// <summary>ctrl-p, ctrl-q.</summary>
    public static ReadOnlyMemory<byte> Default { get; } = new byte[] { 0x10, 0x11 };

    // moby's term.ASCII: index = control code.
    private static readonly string[] Controls =
    [
        "ctrl-@", "ctrl-a", "ctrl-b", "ctrl-c", "ctrl-d", "ctrl-e", "ctrl-f", "ctrl-g", "ctrl-h", "ctrl-i", "ctrl-j",
        "ctrl-k", "ctrl-l", "ctrl-m", "ctrl-n", "ctrl-o", "ctrl-p", "ctrl-q", "ctrl-r", "ctrl-s", "ctrl-t", "ctrl-u",
        "ctrl-v", "ctrl-w", "ctrl-x", "ctrl-y", "ctrl-z", "ctrl-[", "ctrl-\\", "ctrl-]", "ctrl-^", "ctrl-_",
    ];

    /// <summary>
    /// The bytes of <paramref name="spec"/>; the default for null or empty. ApiRequestException with
    /// Docker's attach message "Invalid detach keys (SPEC) provided" for a bad spec.
    /// </summary>
    public static ReadOnlyMemory<byte> Parse(string? spec)
    {
        if (string.IsNullOrEmpty(spec)) return Default;
        return TryParse(spec, out var keys, out _) ? keys : throw new ApiRequestException($"Invalid detach keys ({spec}) provided");
    }

    /// <summary>Parses a non-empty spec; <paramref name="error"/> is moby's "Unknown character: 'KEY'" on failure.</summary>
    public static bool TryParse(string spec, out ReadOnlyMemory<byte> keys, out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var codes = new List<byte>();
        keys = default;
        error = null;
        foreach (string key in spec.Split(','))
        {
            if (key.Length == 1 && key[0] < 0x80)
            {
                codes.Add((byte)key[0]);
                continue;
            }
            int control = Array.IndexOf(Controls, key);
            if (control >= 0) codes.Add((byte)control);
            else if (key == "DEL") codes.Add(0x7f);
            else
            {
                error = $"Unknown character: '{key}'";
                return false;
            }
        }
        keys = codes.ToArray();
        return true;
    }
}
