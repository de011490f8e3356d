namespace Wharf.Shim;

/// <summary>The files a shim owns in its container's state directory (a fixed contract with the daemon).</summary>
public static class ShimFiles
{
    public const string Socket = "shim.sock";
    public const string ShimPid = "shim.pid";
    public const string InitPid = "init.pid";
    public const string Exit = "exit.json";
    public const string RuntimeLog = "runtime.log";
    public const string ConsoleSocket = "console.sock";
    public const string Execs = "execs";
    /// <summary>The shim's own diagnostics, once its stderr is gone.</summary>
    public const string ShimLog = "shim.log";
}
