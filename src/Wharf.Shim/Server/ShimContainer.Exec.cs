using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Shim.Protocol;

namespace Wharf.Shim.Server;

/// <summary>One exec: its stdio, its pid, and its exit once it happened (kept until the shim exits).</summary>
internal sealed class ExecProcess(string id, ProcessIo io, int pid)
{
    public string Id => id;
    public ProcessIo Io => io;
    public int Pid => pid;
    public TaskCompletionSource<ExitStatus> Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed partial class ShimContainer
{
    // null while the exec is being started
    private readonly Dictionary<string, ExecProcess?> _execs = [];
    private int _consoleSockets;

    /// <summary>
    /// Runs an exec through the runtime's `exec --detach`. Unless detached, the returned
    /// subscriber was attached before the process started, so its stream misses nothing.
    /// </summary>
    public async Task<(ExecProcess Exec, OutputSubscriber? Subscriber)> ExecAsync(ShimRequest request)
    {
        string id = request.ExecId ?? throw WharfException.Invalid("exec needs an ExecId");
        if (!IsValidExecId(id)) throw WharfException.Invalid($"invalid exec id: {UntrustedName.Show(id)}");
        if (request.Process is not { ValueKind: JsonValueKind.Object } process) throw WharfException.Invalid("exec needs a Process object");
        bool tty = request.Tty ?? false, detach = request.Detach ?? false;
        bool stdin = (request.Stdin ?? false) && !detach;
        lock (_gate)
        {
            if (_phase != Phase.Running) throw NotRunning();
            if (!_execs.TryAdd(id, null)) throw WharfException.Exists($"exec {id} already exists");
        }

        var output = new OutputBroadcast(tty);
        var subscriber = detach ? null : new OutputSubscriber(stdout: true, stderr: true, tty);
        if (subscriber is not null) output.Subscribe(subscriber);
        var sink = stdin ? new StdinSink() : null;
        ProcessIo? io = null;
        int pid;
        Task<ChildExit> exit;
        try
        {
            string directory = Path.Combine(_options.StateDirectory, ShimFiles.Execs);
            if (!Directory.Exists(directory)) Libc.Check(Libc.Mkdir(directory, 0b111_000_000 /* 0700: process files carry env */), "mkdir", directory);
            string processFile = Path.Combine(directory, id + ".json");
            WriteProcessFile(processFile, process, tty);
            // Console sockets get short names: sockaddr_un holds 107 bytes.
            io = detach ? new NullIo(output)
                : tty ? new TerminalIo(output, sink, Path.Combine(directory, $"{Interlocked.Increment(ref _consoleSockets)}.sock"))
                : new PipeIo(output, sink);
            pid = await _runtime.ExecAsync(processFile, io).ConfigureAwait(false);
            exit = Adopt(pid, io);
        }
        catch (Exception e)
        {
            _log.Info($"exec {id} failed: {e.Message}");
            lock (_gate) _execs.Remove(id);
            sink?.Close();
            if (io is not null)
            {
                io.ReleaseChildEnds();
                await io.DrainAsync(DrainGrace).ConfigureAwait(false);
                io.Dispose();
            }
            output.End();
            if (e is WharfException) throw;
            throw new WharfException(ErrorKind.Internal, e.Message, e);
        }

        var exec = new ExecProcess(id, io, pid);
        lock (_gate) _execs[id] = exec;
        _ = MonitorExecAsync(exec, exit);
        return (exec, subscriber);
    }

    public Task<ExitStatus> ExecWaitAsync(string? execId) => FindExec(execId).Exited.Task;

    private ExecProcess FindExec(string? execId)
    {
        if (string.IsNullOrEmpty(execId)) throw WharfException.Invalid("an ExecId is needed");
        lock (_gate)
        {
            if (!_execs.TryGetValue(execId, out var exec)) throw WharfException.NotFound($"no such exec: {UntrustedName.Show(execId)}");
            return exec ?? throw WharfException.Conflict($"exec {execId} is still starting");
        }
    }

    private async Task MonitorExecAsync(ExecProcess exec, Task<ChildExit> exit)
    {
        var (status, exitedAt) = await exit.ConfigureAwait(false);
        try
        {
            exec.Io.Stdin?.Close();
            await exec.Io.DrainAsync(DrainGrace).ConfigureAwait(false);
        }
        finally
        {
            exec.Exited.TrySetResult(new ExitStatus(Libc.ExitCodeOf(status), false, exitedAt));
            exec.Io.Output.End();
            exec.Io.Dispose();
            _log.Info($"exec {exec.Id} exited: code {Libc.ExitCodeOf(status)}");
        }
    }

    /// <summary>The OCI process object as given, with "terminal" set to what the exec asked for.</summary>
    private static void WriteProcessFile(string path, JsonElement process, bool tty)
    {
        var node = JsonNode.Parse(process.GetRawText())!.AsObject();
        node["terminal"] = tty;
        File.WriteAllText(path, node.ToJsonString());
    }

    /// <summary>Exec ids name files: letters, digits and _.- only (Docker's are 64 hex digits).</summary>
    private static bool IsValidExecId(string id) =>
        id.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(id[0]) &&
        id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
