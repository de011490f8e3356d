namespace Wharf.Cli.Terminal;

/// <summary>
/// Every terminal put into raw mode is registered here, so that whichever way the process ends —
/// normal return, an exception, SIGINT/SIGTERM, process exit — the user's terminal is given back
/// in the state it was found in.
/// </summary>
internal static class TerminalRestore
{
    private static readonly List<RawTerminal> Active = [];
    private static int _hooked;

    public static void Register(RawTerminal terminal)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Now();
            AppDomain.CurrentDomain.UnhandledException += (_, _) => Now();
        }
        lock (Active) Active.Add(terminal);
    }

    public static void Unregister(RawTerminal terminal)
    {
        lock (Active) Active.Remove(terminal);
    }

    /// <summary>Restores every registered terminal (safe to call more than once, from any thread).</summary>
    public static void Now()
    {
        RawTerminal[] terminals;
        lock (Active) terminals = [.. Active];
        foreach (RawTerminal terminal in terminals) terminal.Restore();
    }
}
