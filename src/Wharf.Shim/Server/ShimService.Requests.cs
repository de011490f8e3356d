using System.Net.Sockets;
using Wharf.Core;
using Wharf.Shim.Protocol;

namespace Wharf.Shim.Server;

/// <summary>One connection, one request: answer it, or turn the connection into an attach or exec stream.</summary>
internal sealed partial class ShimService
{
    private async Task HandleAsync(Socket client)
    {
        using var stream = new NetworkStream(client, ownsSocket: false);
        ShimRequest? request;
        try
        {
            request = await ShimFrame.ReadAsync(stream, ShimJsonContext.Default.ShimRequest, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WharfException e)
        {
            await ReplyAsync(stream, ShimReply.Failure(e.Kind, e.Message)).ConfigureAwait(false);
            return;
        }
        if (request is null) return;

        ShimReply reply;
        try
        {
            switch (request.Op)
            {
                case ShimOps.Attach:
                    await AttachAsync(client, stream, request).ConfigureAwait(false);
                    return;
                case ShimOps.Exec:
                    await ExecAsync(client, stream, request).ConfigureAwait(false);
                    return;
                default:
                    reply = await AnswerAsync(request).ConfigureAwait(false);
                    break;
            }
        }
        catch (WharfException e)
        {
            reply = ShimReply.Failure(e.Kind, e.Message);
        }
        catch (Exception e) when (e is Wharf.Linux.LinuxException or IOException or UnauthorizedAccessException)
        {
            log.Error($"{request.Op}: {e.Message}");
            reply = ShimReply.Failure(ErrorKind.Internal, e.Message);
        }
        await ReplyAsync(stream, reply).ConfigureAwait(false);
    }

    private async Task<ShimReply> AnswerAsync(ShimRequest request)
    {
        switch (request.Op)
        {
            case ShimOps.Start:
                return new ShimReply { Ok = true, Pid = await container.StartAsync().ConfigureAwait(false) };
            case ShimOps.Wait:
                return ShimReply.Exited(await container.WaitAsync().ConfigureAwait(false));
            case ShimOps.Kill:
                await container.KillAsync(request.Signal ?? 15, request.All ?? false).ConfigureAwait(false);
                return ShimReply.Success;
            case ShimOps.Resize:
                container.Resize(request.ExecId, request.Height ?? 0, request.Width ?? 0);
                return ShimReply.Success;
            case ShimOps.ExecWait:
                return ShimReply.Exited(await container.ExecWaitAsync(request.ExecId).ConfigureAwait(false));
            case ShimOps.State:
                return container.State();
            case ShimOps.Pause:
                await container.PauseAsync().ConfigureAwait(false);
                return ShimReply.Success;
            case ShimOps.Resume:
                await container.ResumeAsync().ConfigureAwait(false);
                return ShimReply.Success;
            default:
                throw WharfException.Invalid($"unknown op: {UntrustedName.Show(request.Op)}");
        }
    }

    private async Task AttachAsync(Socket client, NetworkStream stream, ShimRequest request)
    {
        var output = container.InitOutput;
        var subscriber = new OutputSubscriber(request.Stdout ?? false, request.Stderr ?? false, output.Tty);
        bool subscribed = output.Subscribe(subscriber);
        try
        {
            if (!await ReplyAsync(stream, ShimReply.Success).ConfigureAwait(false) || !subscribed) return;
            var stdin = request.Stdin == true ? container.InitStdin : null;
            await ClientStream.RunAsync(client, stream, subscriber, stdin, closeStdinAtEnd: options.StdinOnce).ConfigureAwait(false);
        }
        finally
        {
            output.Unsubscribe(subscriber);
        }
    }

    private async Task ExecAsync(Socket client, NetworkStream stream, ShimRequest request)
    {
        ExecProcess exec;
        OutputSubscriber? subscriber;
        try
        {
            (exec, subscriber) = await container.ExecAsync(request).ConfigureAwait(false);
        }
        catch (WharfException e)
        {
            await ReplyAsync(stream, ShimReply.Failure(e.Kind, e.Message)).ConfigureAwait(false);
            return;
        }
        try
        {
            if (!await ReplyAsync(stream, new ShimReply { Ok = true, Pid = exec.Pid }).ConfigureAwait(false) || subscriber is null) return;
            // An exec's stdin ends with its client's: Docker closes it (CloseStdin) for every exec.
            await ClientStream.RunAsync(client, stream, subscriber, exec.Io.Stdin, closeStdinAtEnd: true).ConfigureAwait(false);
        }
        finally
        {
            if (subscriber is not null) exec.Io.Output.Unsubscribe(subscriber);
        }
    }

    /// <summary>Sends a reply; false if the client is already gone.</summary>
    private static async Task<bool> ReplyAsync(Stream stream, ShimReply reply)
    {
        try
        {
            await ShimFrame.WriteAsync(stream, reply, ShimJsonContext.Default.ShimReply, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
