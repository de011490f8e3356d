namespace Wharf.RuntimeHost;

/// <summary>
/// runc stops parsing flags at `exec`'s container id, so `exec id sh -c cmd` passes `-c` to the
/// program. System.CommandLine would read it as an option: insert "--" after the id instead.
/// </summary>
internal static class ExecArguments
{
    private static readonly HashSet<string> ValueOptions =
    [
        "--root", "--log", "--log-format", "--criu", "--rootless",
        "--console-socket", "--cwd", "--env", "-e", "--user", "-u", "--additional-gids", "-g",
        "--process", "-p", "--pid-file", "--process-label", "--apparmor", "--cap", "-c",
        "--preserve-fds", "--cgroup",
    ];

    public static string[] SeparateCommand(string[] args)
    {
        int exec = Array.IndexOf(args, "exec");
        if (exec < 0 || args.Contains("--")) return args;
        for (int i = exec + 1; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg.StartsWith('-'))
            {
                if (ValueOptions.Contains(arg)) i++;
                continue;
            }
            // args[i] is the container id: everything after it is the command.
            if (i + 1 >= args.Length) return args;
            return [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
        }
        return args;
    }
}
