using System.Globalization;

namespace Wharf.Api;

/// <summary>
/// Linux signal names as Docker spells them ("TERM", "SIGTERM", "15"), for kill, stop and
/// StopSignal. Names are case-insensitive and the "SIG" prefix is optional, as in moby's ParseSignal.
/// </summary>
public static class SignalNames
{
    public const int RtMin = 34;
    public const int RtMax = 64;

    /// <summary>The signal number; ApiRequestException "Invalid signal: TEXT" otherwise.</summary>
    public static int Parse(string text) =>
        TryParse(text, out int signal) ? signal : throw new ApiRequestException($"Invalid signal: {text}");

    public static bool TryParse(string? text, out int signal)
    {
        signal = 0;
        if (string.IsNullOrEmpty(text)) return false;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            if (number is < 1 or > RtMax) return false;
            signal = number;
            return true;
        }
        string name = text.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal)) name = name[3..];
        return ByName.TryGetValue(name, out signal);
    }

    /// <summary>The name without "SIG" ("TERM", "RTMIN+3"); the number as text for one without a name.</summary>
    public static string Name(int signal)
    {
        foreach (var (name, number) in Canonical) if (number == signal) return name;
        if (signal is > RtMin and <= RtMin + 15) return $"RTMIN+{signal - RtMin}";
        if (signal is >= RtMax - 14 and < RtMax) return $"RTMAX-{RtMax - signal}";
        return signal == RtMin ? "RTMIN" : signal == RtMax ? "RTMAX" : signal.ToString(CultureInfo.InvariantCulture);
    }

    // The preferred name first where two names share a number (IOT/ABRT, CLD/CHLD, POLL/IO).
    private static readonly (string Name, int Number)[] Canonical =
    [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("BUS", 7), ("FPE", 8),
        ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14), ("TERM", 15),
        ("STKFLT", 16), ("CHLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21), ("TTOU", 22),
        ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28), ("IO", 29),
        ("PWR", 30), ("SYS", 31),
    ];

    // After Canonical: static fields initialise in textual order.
    private static readonly Dictionary<string, int> ByName = BuildTable();

    private static Dictionary<string, int> BuildTable()
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, number) in Canonical) table[name] = number;
        table["IOT"] = 6;
        table["CLD"] = 17;
        table["POLL"] = 29;
        table["UNUSED"] = 31;
        table["RTMIN"] = RtMin;
        table["RTMAX"] = RtMax;
        for (int i = 1; i <= 15; i++)
        {
            table[$"RTMIN+{i}"] = RtMin + i;
            table[$"RTMAX-{i}"] = RtMax - i;
        }
        return table;
    }
}
