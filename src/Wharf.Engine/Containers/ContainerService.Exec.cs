using Wharf.Containers;
using Wharf.Core;
using Wharf.Shim;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>`POST /containers/{id}/exec`: records what to run; the container must be running.</summary>
    public string CreateExec(string idOrName, ExecConfig config)
    {
        var live = Find(idOrName);
        if (config.Cmd.Count == 0) throw WharfException.Invalid("No exec command specified");
        var status = live.Record.State.Status;
        if (status == ContainerStatus.Paused) throw WharfException.Conflict($"Container {live.Id} is paused, unpause the container before exec");
        if (status != ContainerStatus.Running) throw WharfException.Conflict($"container {live.Id} is not running");
        var session = new ExecSession(ContainerId.New(), live.Id, config);
        _execs[session.Id] = session;
        Publish(live, "exec_create: " + string.Join(' ', config.Cmd));
        return session.Id;
    }

    /// <summary>The execs made in a container (inspect's ExecIDs).</summary>
    public IReadOnlyList<string> ExecIdsOf(string containerId) =>
        _execs.Values.Where(e => e.ContainerId == containerId).Select(e => e.Id).ToList();

    public ExecSession GetExec(string execId) =>
        _execs.TryGetValue(execId, out var session) ? session : throw WharfException.NotFound($"No such exec instance: {execId}");

    /// <summary>
    /// `POST /exec/{id}/start`: runs the process through the container's shim. The returned exit task
    /// completes (and the session shows the code) before the caller closes the client's stream, so the
    /// CLI's following `GET /exec/{id}/json` sees the exit code.
    /// </summary>
    public async Task<ExecStart> StartExecAsync(string execId, bool detach, CancellationToken cancellationToken = default)
    {
        var session = GetExec(execId);
        var live = Find(session.ContainerId);
        var shim = live.Shim;
        if (shim is null || live.Record.State.Status != ContainerStatus.Running)
            throw WharfException.Conflict($"container {live.Id} is not running");
        if (!session.TryBegin()) throw WharfException.Conflict($"Error: Exec command {execId} is already running");

        var spec = ContainerSpecBuilder.Build(new ContainerSpecInput
        {
            Container = live.Record,
            RootfsPath = live.Paths.RootfsDirectory,
            CgroupParent = CgroupParent,
            InitPath = _options.InitPath,
        });
        var process = ExecProcess.Build(spec.Process!, live.Paths.RootfsDirectory, live.Record, session.Config);
        bool attached = !detach && (session.Config.AttachStdin || session.Config.AttachStdout || session.Config.AttachStderr);
        int pid;
        Wharf.Shim.ShimStream? stream;
        try
        {
            (pid, stream) = await shim.ExecAsync(
                new ExecRequest(execId, process, session.Config.Tty, session.Config.AttachStdin && attached, Detach: !attached),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // moby's translateContainerdStartErr: the exec's exit code says why it never ran (docker exec exits with it).
            session.Exited(StartFailureExitCode(e.Message));
            throw;
        }
        session.Ran(pid);
        Publish(live, "exec_start: " + string.Join(' ', session.Config.Cmd), new Dictionary<string, string> { ["execID"] = execId });
        var exit = WaitExecAsync(live, shim, session);
        return new ExecStart(stream, exit, session.Config.Tty);
    }

    /// <summary>127 for a command that is not there, 126 for one that cannot run.</summary>
    internal static int StartFailureExitCode(string message) =>
        message.Contains("executable file not found", StringComparison.OrdinalIgnoreCase)
        || message.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase) ? 127 : 126;

    private async Task<int> WaitExecAsync(LiveContainer live, ShimClient shim, ExecSession session)
    {
        int code;
        try
        {
            code = (await shim.ExecWaitAsync(session.Id, CancellationToken.None).ConfigureAwait(false)).ExitCode;
        }
        catch (Exception e) when (e is ShimGoneException or IOException or WharfException)
        {
            code = 137; // the container (and with it the exec) went away
        }
        session.Exited(code);
        Publish(live, "exec_die", new Dictionary<string, string>
        {
            ["execID"] = session.Id,
            ["exitCode"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return code;
    }

    public async Task ResizeExecAsync(string execId, int height, int width, CancellationToken cancellationToken = default)
    {
        var session = GetExec(execId);
        var live = Find(session.ContainerId);
        var shim = live.Shim ?? throw WharfException.Conflict($"container {live.Id} is not running");
        await shim.ResizeAsync(execId, height, width, cancellationToken).ConfigureAwait(false);
    }
}
