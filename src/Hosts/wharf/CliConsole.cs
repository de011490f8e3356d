using System.Text;
using Wharf.Linux.Interop;
using Wharf.Linux.Terminal;

namespace Wharf.Cli;

/// <summary>
/// The process's standard streams and environment, as a value the commands receive, so tests can
/// run the whole CLI in-process with captured output.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        Out = output;
        Error = error;
        Environment = environment;
    }

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public Func<string, string?> Environment { get; }

    /// <summary>Standard input as bytes (attach, load from stdin); opened on first use.</summary>
    public Func<Stream> OpenInput { get; init; } = () => Stream.Null;

    /// <summary>Standard output as bytes (attach, logs, save), unbuffered.</summary>
    public Func<Stream> OpenOutput { get; init; } = () => Stream.Null;

    /// <summary>Standard error as bytes (a non-TTY container's stderr).</summary>
    public Func<Stream> OpenErrorOutput { get; init; } = () => Stream.Null;

    private Stream? _output;
    private Stream? _errorOutput;

    /// <summary>stdout for bytes; text written to <see cref="Out"/> so far is flushed first to keep the order.</summary>
    public Stream OutputBytes()
    {
        Out.Flush();
        return _output ??= OpenOutput();
    }

    /// <summary>stderr for bytes, after flushing the text written so far.</summary>
    public Stream ErrorBytes()
    {
        Out.Flush();
        Error.Flush();
        return _errorOutput ??= OpenErrorOutput();
    }

    public bool InputIsTerminal { get; init; }
    public bool OutputIsTerminal { get; init; }
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Width of the terminal on stdin (docker measures fd 0 for help), 80 otherwise.</summary>
    public int Width { get; init; } = 80;

    /// <summary>
    /// The real process: buffered stdout/stderr (flushed by <see cref="Flush"/> and before exit).
    /// The streams are plain file streams on fds 0-2, not System.Console's: on a terminal those
    /// switch it to keypad-transmit mode (ESC[?1h ESC=) and line-edit stdin, which would reach an
    /// interactive container.
    /// </summary>
    public static CliConsole FromProcess()
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var stdout = new StreamWriter(new StandardStream(1, FileAccess.Write), utf8, 16 * 1024) { AutoFlush = false };
        var stderr = new AfterOutput(stdout, new StreamWriter(new StandardStream(2, FileAccess.Write), utf8, 4 * 1024) { AutoFlush = true });
        bool inTty = Libc.Isatty(0) == 1;
        int width = 80;
        if (inTty && PseudoTerminal.TryGetSize(0, out _, out ushort columns) && columns > 0) width = columns;
        return new CliConsole(stdout, stderr, System.Environment.GetEnvironmentVariable)
        {
            OpenInput = () => Standard(0, FileAccess.Read),
            OpenOutput = () => new StandardStream(1, FileAccess.Write),
            OpenErrorOutput = () => new StandardStream(2, FileAccess.Write),
            InputIsTerminal = inTty,
            OutputIsTerminal = Libc.Isatty(1) == 1,
            ErrorIsTerminal = Libc.Isatty(2) == 1,
            Width = width,
        };
    }

    /// <summary>An unbuffered stream on one of the standard descriptors (never closed by wharf); a closed one reads and writes nothing.</summary>
    private static Stream Standard(int fd, FileAccess access) =>
        Libc.Fcntl(fd, Libc.F_GETFD, 0) < 0 ? Stream.Null : new StandardStream(fd, access);

    public void Flush()
    {
        Out.Flush();
        Error.Flush();
    }

    /// <summary>stderr that first flushes the buffered stdout, so both keep the order they were written in.</summary>
    private sealed class AfterOutput(TextWriter output, TextWriter error) : TextWriter
    {
        public override Encoding Encoding => error.Encoding;

        public override void Write(char value)
        {
            output.Flush();
            error.Write(value);
        }

        public override void Write(string? value)
        {
            output.Flush();
            error.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            output.Flush();
            error.Write(buffer, index, count);
        }

        public override void WriteLine(string? value)
        {
            output.Flush();
            error.Write(value + "\n");
        }

        public override void Flush() => error.Flush();
    }
}
