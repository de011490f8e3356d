using Wharf.Containers;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux.Mounts;
using Wharf.Shim;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// `docker start`: mounts the container's rootfs, writes its OCI bundle, launches its shim, connects
    /// the attaches that were waiting, and runs the process. False when it was already running (the API's 304).
    /// </summary>
    public async Task<bool> StartAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            switch (live.Record.State.Status)
            {
                case ContainerStatus.Running: return false;
                case ContainerStatus.Paused: throw WharfException.Conflict("cannot start a paused container, try unpause instead");
                case ContainerStatus.Removing or ContainerStatus.Dead:
                    throw WharfException.Conflict($"container is marked for removal and cannot be started");
            }
            live.PendingRestart?.Cancel();
            live.PendingRestart = null;
            live.StopRequested = false;
            await StartLockedAsync(live, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            live.Gate.Release();
        }
    }

    /// <summary>The start itself; the caller holds the container's gate.</summary>
    private async Task StartLockedAsync(LiveContainer live, CancellationToken cancellationToken)
    {
        var record = live.Record;
        var paths = live.Paths;
        ShimClient? shim = null;
        Task<ShimClient>? launching = null;
        bool buildingSpec = false;
        try
        {
            Directory.CreateDirectory(paths.RootfsDirectory); // and the state and bundle directories above it
            ClearShimState(paths);
            // The shim boots (a process start) while the rootfs is mounted and the bundle written:
            // it reads the bundle only when told to start.
            launching = ShimLauncher.LaunchAsync(_options.ShimPath, new ShimOptions
            {
                Id = record.Id,
                BundleDirectory = paths.BundleDirectory,
                StateDirectory = paths.StateDirectory,
                RuntimePath = _options.RuntimePath,
                RuntimeRoot = Path.Combine(_options.ExecRoot, "runtime"),
                LogFile = paths.LogFile,
                LogMaxSize = LogOption(record, "max-size", _options.LogMaxSize),
                LogMaxFiles = (int)LogOption(record, "max-file", _options.LogMaxFiles),
                Tty = record.Config.Tty,
                OpenStdin = record.Config.OpenStdin,
                StdinOnce = record.Config.StdinOnce,
            }, cancellationToken);
            await MountRootfsAsync(record, paths, cancellationToken).ConfigureAwait(false);
            buildingSpec = true;
            BindSources.CreateMissing(record.HostSettings);
            var spec = ContainerSpecBuilder.Build(new ContainerSpecInput
            {
                Container = record,
                RootfsPath = paths.RootfsDirectory,
                CgroupParent = CgroupParent,
                InitPath = _options.InitPath,
            });
            buildingSpec = false;
            Wharf.Linux.FileSystem.AtomicFile.Write(paths.SpecFile,
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(spec, OciJsonContext.Default.RuntimeSpec), durable: false);
            shim = await launching.ConfigureAwait(false);

            foreach (var pending in live.TakePendingAttaches())
                await ConnectPendingAttachAsync(shim, pending, record, cancellationToken).ConfigureAwait(false);

            // Asked before the start, so the answer cannot be missed however soon the process ends.
            var exited = shim.WaitAsync(CancellationToken.None);
            int pid;
            try
            {
                pid = await shim.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _ = exited.ContinueWith(t => t.Exception, TaskScheduler.Default); // observed: the start's own error is reported
                throw;
            }
            await SaveAsync(live, record with
            {
                State = record.State with
                {
                    Status = ContainerStatus.Running,
                    Pid = pid,
                    ExitCode = 0,
                    Error = "",
                    OomKilled = false,
                    StartedAt = Now,
                },
            });
            live.Shim = shim;
            Publish(live, "start");
            _ = MonitorAsync(live, shim, exited);
        }
        catch (Exception e) when (e is WharfException or IOException or Wharf.Linux.LinuxException)
        {
            var failure = buildingSpec && e is WharfException refused ? StartFailure.FromSpec(refused) : StartFailure.From(e);
            if (shim is null && launching is not null)
            {
                await DismissAsync(launching).ConfigureAwait(false);
            }
            else if (shim is not null)
            {
                await shim.KillAsync(9, all: true, CancellationToken.None).ContinueWith(_ => { }).ConfigureAwait(false);
                shim.Dismiss(); // never started (an attach failed): SIGTERM ends it; once started, it is ignored
            }
            TryUnmount(paths);
            await SaveAsync(live, live.Record with { State = live.Record.State with { ExitCode = failure.ExitCode, Error = failure.Message } });
            live.SignalExit(new ExitInfo(failure.ExitCode, failure.Message));
            if (record.HostSettings.AutoRemove) _ = RemoveAfterExitAsync(live);
            throw failure.Exception;
        }
        catch when (shim is null && launching is not null)
        {
            await DismissAsync(launching).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A shim launched for a start that failed before it was used must not stay behind waiting.</summary>
    private static async Task DismissAsync(Task<ShimClient> launching)
    {
        try { (await launching.ConfigureAwait(false)).Dismiss(); }
        catch (Exception e) when (e is WharfException or OperationCanceledException) { /* it did not come up */ }
    }

    /// <summary>Mounts the writable snapshot on the bundle's rootfs (again, after an exit unmounted it), for a start or a `docker cp`.</summary>
    private async Task MountRootfsAsync(Container record, ContainerPaths paths, CancellationToken cancellationToken)
    {
        var mounts = await _snapshots.MountsAsync(ContainerPaths.SnapshotKey(record), cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(paths.RootfsDirectory);
        MountSet.Unmount(paths.RootfsDirectory);
        MountSet.MountAll(mounts, paths.RootfsDirectory);
    }

    private static void TryUnmount(ContainerPaths paths)
    {
        try { MountSet.Unmount(paths.RootfsDirectory); }
        catch (Wharf.Linux.LinuxException) { /* busy beyond a lazy detach: recovery retries */ }
    }

    /// <summary>The previous run's shim files go; the bundle stays.</summary>
    private static void ClearShimState(ContainerPaths paths)
    {
        foreach (string name in new[] { "exit.json", "init.pid", "shim.pid", "shim.sock", "runtime.log", "console.sock" })
            File.Delete(Path.Combine(paths.StateDirectory, name));
    }

    private static long LogOption(Container record, string key, long fallback)
    {
        var options = record.HostSettings.LogConfig.Config;
        if (options is null || !options.TryGetValue(key, out string? text)) return fallback;
        return key == "max-size" ? LogSize.Parse(text) : long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ConnectPendingAttachAsync(ShimClient shim, PendingAttach pending, Container record, CancellationToken cancellationToken)
    {
        var options = pending.Options;
        var stream = await shim.AttachAsync(options.Stdin && record.Config.OpenStdin, options.Stdout, options.Stderr, cancellationToken).ConfigureAwait(false);
        if (!pending.Complete(stream)) await stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for the container's exit through its shim, then records it and applies the restart policy.</summary>
    private async Task MonitorAsync(LiveContainer live, ShimClient shim, Task<ExitStatus>? exited = null)
    {
        ExitStatus exit;
        try
        {
            exit = await (exited ?? shim.WaitAsync(CancellationToken.None)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ShimGoneException or IOException or System.Net.Sockets.SocketException or WharfException)
        {
            // The shim died without answering: what it recorded, else Docker's "unknown" 255.
            exit = ShimClient.ReadRecordedExit(live.Paths.StateDirectory) ?? new ExitStatus(255, false, Now);
        }
        await OnExitAsync(live, exit).ConfigureAwait(false);
    }

    private async Task OnExitAsync(LiveContainer live, ExitStatus exit)
    {
        await live.Gate.WaitAsync().ConfigureAwait(false);
        bool restart;
        try
        {
            if (!_containers.ContainsKey(live.Id)) return;
            var record = live.Record;
            live.Shim = null;
            TryUnmount(live.Paths);
            restart = RestartBackoff.ShouldRestart(record.HostSettings.RestartPolicy, exit.ExitCode, record.RestartCount, live.StopRequested)
                && !record.HostSettings.AutoRemove;
            var exited = record with
            {
                State = record.State with
                {
                    Status = restart ? ContainerStatus.Restarting : ContainerStatus.Exited,
                    Pid = 0,
                    ExitCode = exit.ExitCode,
                    OomKilled = exit.OomKilled,
                    FinishedAt = exit.ExitedAt,
                },
                ManuallyStopped = live.StopRequested,
            };
            // An --rm container's record is deleted next: writing "exited" first would buy nothing. A crash
            // before the deletion leaves "running" with the shim's exit.json, and recovery removes it then.
            if (record.HostSettings.AutoRemove && !restart) live.Record = exited;
            else await SaveAsync(live, exited);
            if (exit.OomKilled) Publish(live, "oom");
            Publish(live, "die", new Dictionary<string, string> { ["exitCode"] = exit.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            live.SignalExit(new ExitInfo(exit.ExitCode));
            if (restart) ScheduleRestart(live, exit);
        }
        finally
        {
            live.Gate.Release();
        }
        if (!restart && live.Record.HostSettings.AutoRemove) await RemoveAfterExitAsync(live).ConfigureAwait(false);
    }

    private void ScheduleRestart(LiveContainer live, ExitStatus exit)
    {
        var ran = exit.ExitedAt - (live.Record.State.StartedAt ?? exit.ExitedAt);
        live.RestartDelay = RestartBackoff.Next(live.RestartDelay, ran);
        var cancel = new CancellationTokenSource();
        live.PendingRestart = cancel;
        _ = RestartLaterAsync(live, live.RestartDelay, cancel.Token);
    }

    private async Task RestartLaterAsync(LiveContainer live, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
            await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            if (cancellationToken.IsCancellationRequested || live.Record.State.Status != ContainerStatus.Restarting) return;
            await SaveAsync(live, live.Record with { RestartCount = live.Record.RestartCount + 1 });
            await StartLockedAsync(live, CancellationToken.None).ConfigureAwait(false);
            Publish(live, "restart");
        }
        catch (WharfException)
        {
            // The failed start recorded its error; a restart loop ends here, as Docker's does.
            await SaveAsync(live, live.Record with { State = live.Record.State with { Status = ContainerStatus.Exited } });
        }
        finally
        {
            live.Gate.Release();
        }
    }
}
