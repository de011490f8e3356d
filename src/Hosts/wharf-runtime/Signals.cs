using Wharf.Core;

namespace Wharf.RuntimeHost;

/// <summary>Signal names and numbers as `kill` accepts them: "9", "KILL", "SIGKILL".</summary>
internal static class Signals
{
    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
        "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    public static int Parse(string text)
    {
        if (int.TryParse(text, out int number) && number is > 0 and < 65) return number;
        string name = text.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal)) name = name[3..];
        int index = Array.IndexOf(Names, name);
        if (index > 0) return index;
        if (name.StartsWith("RTMIN+", StringComparison.Ordinal) && int.TryParse(name[6..], out int offset) && offset is >= 0 and <= 30)
            return 34 + offset;
        throw WharfException.Invalid($"unknown signal \"{text}\"");
    }
}
