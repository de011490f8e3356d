namespace Wharf.E2E.Tests;

/// <summary>
/// Runs a command on a real pseudo-terminal (python3's pty module drives it) as a user at a terminal
/// would: waits for a prompt, types lines, and collects everything the terminal showed until the
/// command exits. Returns the command's exit code and the screen output.
/// </summary>
internal static class PtySession
{
    private const string Driver = """
        import os, pty, sys, time, select
        env = dict(os.environ)
        args = sys.argv[3:]
        prompt = sys.argv[1].encode()
        lines = sys.argv[2].split("\\n") if sys.argv[2] else []
        pid, fd = pty.fork()
        if pid == 0:
            os.execvpe(args[0], args, env)
        out = b""
        deadline = time.time() + 60
        sent = 0
        def read(timeout):
            global out
            r, _, _ = select.select([fd], [], [], timeout)
            if not r: return True
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data: return False
            out += data
            return True
        alive = True
        while alive and time.time() < deadline:
            if sent < len(lines) and prompt in out[-200:]:
                time.sleep(0.1)
                os.write(fd, (lines[sent] + "\n").encode())
                sent += 1
                out += b"<SENT>"
            alive = read(0.2)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(out.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """;

    /// <summary>Runs <paramref name="command"/> (docker or wharf) on a pty with the environment that points it at <paramref name="daemon"/>.</summary>
    public static Task<CommandResult> RunAsync(WharfdInstance daemon, string prompt, IEnumerable<string> typed, params string[] command)
    {
        var environment = command[0] == TestPaths.WharfCli ? daemon.WharfEnvironment : daemon.DockerEnvironment;
        return CommandResult.RunAsync("python3", ["-c", Driver, prompt, string.Join('\n', typed), .. command], environment, TimeSpan.FromSeconds(90));
    }
}
