namespace Wharf.E2E.Tests;

/// <summary>
/// Runs a command on a real pseudo-terminal (python3's pty module drives it) as a user at a terminal
/// would: waits for a prompt, types lines, and collects everything the terminal showed until the
/// command exits. Returns the command's exit code and the screen output.
/// </summary>
/// <remarks>
/// A typed entry may also be a directive: <c>!raw HEX</c> writes those bytes with no newline
/// (<c>!raw 1011</c> is ctrl-p ctrl-q), <c>!winsize ROWS COLS</c> resizes the terminal (the
/// kernel sends the command SIGWINCH), <c>!sleep SECONDS</c> pauses, <c>!expect TEXT</c> waits
/// until TEXT was shown since the last line was typed. Directives run as soon as the entry before
/// them was done; lines wait for the prompt to appear after the last line typed.
/// </remarks>
internal static class PtySession
{
    private const string Driver = """
        import os, pty, sys, time, select, fcntl, termios, struct
        env = dict(os.environ)
        size = sys.argv[3]
        args = sys.argv[4:]
        prompt = sys.argv[1].encode()
        lines = sys.argv[2].split("\n") if sys.argv[2] else []
        def winsize(fd, rows, cols):
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        pid, fd = pty.fork()
        if pid == 0:
            if size:
                rows, cols = size.split("x")
                winsize(0, int(rows), int(cols))
            os.execvpe(args[0], args, env)
        out = b""
        deadline = time.time() + 60
        sent = 0
        seen = 0
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
            if sent < len(lines) and lines[sent].startswith("!"):
                word, _, rest = lines[sent][1:].partition(" ")
                if word == "expect" and rest.encode() not in out[seen:]:
                    alive = read(0.2)
                    continue
                if word == "raw":
                    os.write(fd, bytes.fromhex(rest))
                elif word == "winsize":
                    rows, cols = rest.split()
                    winsize(fd, int(rows), int(cols))
                elif word == "sleep":
                    time.sleep(float(rest))
                sent += 1
                continue
            if sent < len(lines) and prompt in out[seen:][-200:]:
                time.sleep(0.1)
                os.write(fd, (lines[sent] + "\n").encode())
                sent += 1
                out += b"<SENT>"
                seen = len(out)
            alive = read(0.2)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(out.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """;

    /// <summary>Runs <paramref name="command"/> (docker or wharf) on a pty with the environment that points it at <paramref name="daemon"/>.</summary>
    public static Task<CommandResult> RunAsync(WharfdInstance daemon, string prompt, IEnumerable<string> typed, params string[] command) =>
        RunAsync(daemon, prompt, typed, size: null, command);

    /// <summary>As above, on a terminal of <paramref name="size"/> (rows, columns) from the start.</summary>
    public static Task<CommandResult> RunAsync(WharfdInstance daemon, string prompt, IEnumerable<string> typed, (int Rows, int Columns)? size, params string[] command)
    {
        var environment = command[0] == TestPaths.WharfCli ? daemon.WharfEnvironment : daemon.DockerEnvironment;
        string sizeArg = size is var (rows, columns) ? $"{rows}x{columns}" : "";
        return CommandResult.RunAsync("python3", ["-c", Driver, prompt, string.Join('\n', typed), sizeArg, .. command], environment, TimeSpan.FromSeconds(90));
    }
}
