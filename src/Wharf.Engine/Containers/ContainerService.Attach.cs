using Wharf.Containers;
using Wharf.Core;
using Wharf.Shim;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// `docker attach` (and the attach `docker run` makes before it starts the container): the container's
    /// streams, framed by the shim (stdcopy without a tty, raw with one). For a container that is not running,
    /// the attach waits for its next start and is connected before the process runs, so no output is missed.
    /// Stdin is only connected when the container was created with it open.
    /// </summary>
    public async Task<ShimStream> AttachAsync(string idOrName, AttachOptions options, CancellationToken cancellationToken = default) =>
        await (await BeginAttachAsync(idOrName, options, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// <see cref="AttachAsync"/> in two steps: the returned task completes once the attach is registered
    /// (a start from then on connects it before the process runs); the inner task gives the stream. The API
    /// answers the hijack's 101 in between, as moby attaches its streams before it answers: the CLI starts
    /// the container as soon as it has the 101.
    /// </summary>
    public async Task<Task<ShimStream>> BeginAttachAsync(string idOrName, AttachOptions options, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        if (live.Record.State.Status == ContainerStatus.Paused)
            throw WharfException.Conflict($"container {idOrName} is paused, unpause the container before attach.");

        PendingAttach pending;
        await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (live.Shim is { } shim && live.Record.State.Status == ContainerStatus.Running)
            {
                var stream = await shim.AttachAsync(options.Stdin && live.Record.Config.OpenStdin, options.Stdout, options.Stderr, cancellationToken).ConfigureAwait(false);
                Publish(live, "attach");
                return Task.FromResult(stream);
            }
            pending = live.AddPendingAttach(options);
        }
        finally
        {
            live.Gate.Release();
        }
        return WaitForStartAsync(live, pending, cancellationToken);
    }

    private async Task<ShimStream> WaitForStartAsync(LiveContainer live, PendingAttach pending, CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(() => { live.DropPendingAttach(pending); pending.Cancel(); }))
        {
            var stream = await pending.Stream.ConfigureAwait(false);
            Publish(live, "attach");
            return stream;
        }
    }

    /// <summary>`docker resize` / the CLI's window-size changes.</summary>
    public async Task ResizeAsync(string idOrName, int height, int width, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        var shim = live.Shim ?? throw WharfException.Conflict($"Container {live.Id} is not running");
        await shim.ResizeAsync(null, height, width, cancellationToken).ConfigureAwait(false);
    }
}
