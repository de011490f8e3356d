using Wharf.Containers;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// `docker logs`: the entries of the container's json-file log; with <c>follow</c>, new entries as they
    /// come until the container stops (a stopped container's log simply ends).
    /// </summary>
    public IAsyncEnumerable<LogEntry> ReadLogs(string idOrName, LogReadOptions options, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        Task stopped = options.Follow && live.Record.State.IsRunning ? live.NextExit : Task.CompletedTask;
        return new ContainerLogReader(live.Record.LogPath ?? live.Paths.LogFile).ReadAsync(options with { Stopped = stopped }, cancellationToken);
    }
}
