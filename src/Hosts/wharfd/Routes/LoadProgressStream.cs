using System.Threading.Channels;
using Wharf.Api.Streams;
using Wharf.Daemon.Http;
using Wharf.Images.Archive;

namespace Wharf.Daemon.Routes;

/// <summary>
/// Carries a load's layer progress from the archive reader (which reports as it reads, on its own
/// thread) to the response: reports queue up, one writer drains them in order, and the response
/// starts with the first. Reports are few (the reader speaks up at each hundredth of a layer).
/// </summary>
internal sealed class LoadProgressStream : IProgress<LayerProgress>
{
    private const string Status = "Loading layer";

    private readonly Channel<LayerProgress> _reports = Channel.CreateUnbounded<LayerProgress>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _pump;

    public LoadProgressStream(HttpContext context, JsonMessageWriter writer) => _pump = PumpAsync(context, writer);

    public void Report(LayerProgress value) => _reports.Writer.TryWrite(value);

    /// <summary>No more reports: returns when every queued one has been written (or the client left).</summary>
    public async Task CompleteAsync()
    {
        _reports.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync(HttpContext context, JsonMessageWriter writer)
    {
        try
        {
            await foreach (LayerProgress report in _reports.Reader.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
            {
                if (!writer.Started) await ApiResponse.StartNowAsync(context, ApiResponse.JsonContentType).ConfigureAwait(false);
                await writer.WriteProgressAsync(report.Id, Status, report.Current, report.Total, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away: the load itself notices through RequestAborted.
        }
    }
}
