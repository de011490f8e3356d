using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// docker's per-container loop (parallelOperation and friends): the operation runs on each
/// container, at most 50 at once; each success prints the name as given, in the order given;
/// failures are printed together at the end ("Error response from daemon: ..." one per line) and
/// the command exits 1.
/// </summary>
internal static class ContainerBatch
{
    public const int MaxParallel = 50;

    public delegate Task Operation(string container, CancellationToken cancellationToken);

    /// <param name="parallel">False for the commands docker runs one at a time (restart, wait).</param>
    /// <param name="onError">Returns true when an error is handled (printed) and is not the command's failure.</param>
    public static async Task<int> RunAsync(Invocation cli, IReadOnlyList<string> containers, Operation operation, bool parallel = true,
        Func<DaemonError, bool>? onError = null, bool printNames = true, CancellationToken cancellationToken = default)
    {
        var errors = new List<string>();
        if (!parallel)
        {
            foreach (string container in containers)
                Report(cli, container, await TryAsync(operation, container, cancellationToken).ConfigureAwait(false), errors, onError, printNames);
        }
        else
        {
            using var gate = new SemaphoreSlim(MaxParallel);
            var tasks = containers.Select(async container =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await TryAsync(operation, container, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            for (int i = 0; i < containers.Count; i++)
                Report(cli, containers[i], await tasks[i].ConfigureAwait(false), errors, onError, printNames);
        }
        if (errors.Count > 0) throw new CliError(string.Join("\n", errors));
        return 0;
    }

    private static async Task<Exception?> TryAsync(Operation operation, string container, CancellationToken cancellationToken)
    {
        try
        {
            await operation(container, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is DaemonError or CliError)
        {
            return e;
        }
    }

    private static void Report(Invocation cli, string container, Exception? error, List<string> errors, Func<DaemonError, bool>? onError, bool printNames)
    {
        switch (error)
        {
            case null:
                if (printNames) cli.Out.WriteLine(container);
                break;
            case DaemonError daemon when onError?.Invoke(daemon) == true:
                break;
            case DaemonError daemon:
                errors.Add(daemon.Display);
                break;
            default:
                errors.Add(error.Message);
                break;
        }
    }

    /// <summary>"/containers/{name}" with the name escaped.</summary>
    public static string PathOf(string container) => "/containers/" + DaemonClient.PathPart(container);

    /// <summary>A POST whose answer has no body (start, stop, kill, pause, ...).</summary>
    public static async Task PostAsync(Invocation cli, string path, Query? query, CancellationToken cancellationToken)
    {
        using HttpResponseMessage _ = await cli.Daemon.SendAsync(HttpMethod.Post, path, query, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
