namespace Wharf.Runtime.State;

/// <summary>The parts of /proc/PID/stat the runtime needs: state letter and start time.</summary>
public readonly record struct ProcessStat(char State, ulong StartTime)
{
    public bool IsZombieOrDead => State is 'Z' or 'X' or 'x';

    public static ProcessStat? Read(int pid, string procRoot = "/proc")
    {
        string text;
        try
        {
            text = File.ReadAllText($"{procRoot}/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        return Parse(text);
    }

    /// <summary>Parses after the last ')' since the command name may itself hold spaces and parentheses.</summary>
    public static ProcessStat? Parse(string text)
    {
        int close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length) return null;
        string[] fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); start time is field 22.
        if (fields.Length < 20 || !ulong.TryParse(fields[19], out ulong start)) return null;
        return new ProcessStat(fields[0][0], start);
    }
}
