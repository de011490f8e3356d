namespace Wharf.Cli.Terminal;

/// <summary>
/// Keeps a container's pty the size of the user's terminal (docker's MonitorTtySize): one resize
/// right after start — retried up to 10 times, 10 ms × attempt apart, since the daemon may not
/// have the pty yet — then one per SIGWINCH.
/// </summary>
internal sealed class ResizeForwarder : IDisposable
{
    public delegate Task Resize(TerminalSize size, CancellationToken cancellationToken);

    private readonly WindowResizeWatcher? _watcher;

    private ResizeForwarder(WindowResizeWatcher? watcher) => _watcher = watcher;

    /// <summary>Sends the current size of <paramref name="fd"/> and watches for changes; a no-op when fd is not a terminal.</summary>
    public static async Task<ResizeForwarder> StartAsync(int fd, Resize resize, TextWriter errors, CancellationToken cancellationToken)
    {
        if (TerminalSize.Of(fd) is not TerminalSize initial) return new ResizeForwarder(null);
        bool resized = false;
        for (int attempt = 1; attempt <= 10 && !resized; attempt++)
        {
            try
            {
                await resize(initial, cancellationToken).ConfigureAwait(false);
                resized = true;
            }
            catch (Exception e) when (e is CliError or Connection.DaemonError)
            {
                await Task.Delay(10 * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
        if (!resized) errors.WriteLine("failed to resize tty, using default size");
        var watcher = new WindowResizeWatcher(fd, size =>
        {
            // Fire and forget, as docker does: a lost resize is corrected by the next one.
            _ = Task.Run(async () =>
            {
                try
                {
                    await resize(size, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is CliError or Connection.DaemonError or IOException or HttpRequestException)
                {
                }
            });
        });
        return new ResizeForwarder(watcher);
    }

    public void Dispose() => _watcher?.Dispose();
}
