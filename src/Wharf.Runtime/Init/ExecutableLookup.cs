using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Init;

/// <summary>Finds args[0] the way Go's exec.LookPath does in runc: on the container's PATH, with its errors.</summary>
internal static class ExecutableLookup
{
    private const int X_OK = 1;

    public static string Find(string name, IEnumerable<string>? env)
    {
        if (name.Contains('/'))
        {
            if (IsExecutable(name)) return name;
            // Go's findExecutable words: docker run tells 127 (missing) from 126 (not runnable) by them.
            string why = Directory.Exists(name) ? "is a directory"
                : File.Exists(name) ? "permission denied"
                : $"stat {name}: no such file or directory";
            throw new InitException($"exec: \"{name}\": {why}");
        }
        string path = (env ?? []).LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..]
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (string dir in path.Split(':'))
        {
            string candidate = Path.Combine(dir.Length == 0 ? "." : dir, name);
            if (IsExecutable(candidate)) return candidate;
        }
        throw new InitException($"exec: \"{name}\": executable file not found in $PATH");
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && Access(path, X_OK) == 0;
}
