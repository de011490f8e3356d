using Wharf.Api;
using Wharf.Api.Streams;
using Wharf.Core;
using Wharf.Daemon.Http;
using Wharf.Engine.Containers;
using ApiTypes = Wharf.Api.Types;

namespace Wharf.Daemon.Routes;

/// <summary>`docker exec`: create, start (hijacked or detached), resize, inspect.</summary>
internal static class ExecRoutes
{
    public static void Map(RouteTable routes, DaemonServices services)
    {
        var containers = services.Containers;
        routes.Post("/containers/{id}/exec", context => CreateAsync(context, containers));
        routes.Post("/exec/{id}/start", context => StartAsync(context, containers));
        routes.Post("/exec/{id}/resize", async context =>
        {
            await containers.ResizeExecAsync(context.Route("id"), (int)context.QueryInt("h", 0), (int)context.QueryInt("w", 0), context.RequestAborted);
            await ApiResponse.StatusAsync(context, 200);
        });
        routes.Get("/exec/{id}/json", context => InspectAsync(context, containers));
    }

    private static async Task CreateAsync(HttpContext context, ContainerService containers)
    {
        var request = await RequestBody.ReadJsonAsync(context, ApiJson.Context.ExecCreateRequest)
            ?? throw new ApiRequestException("No exec command specified");
        if (request.DetachKeys is { Length: > 0 } keys) DetachKeys.Parse(keys); // 400 for bad keys now, not at start
        string id = containers.CreateExec(context.Route("id"), new ExecConfig
        {
            Cmd = request.Cmd ?? [],
            Env = request.Env,
            User = request.User,
            WorkingDir = request.WorkingDir,
            Tty = request.Tty,
            AttachStdin = request.AttachStdin,
            AttachStdout = request.AttachStdout,
            AttachStderr = request.AttachStderr,
            Privileged = request.Privileged,
            DetachKeys = request.DetachKeys,
        });
        await ApiResponse.JsonAsync(context, new ApiTypes.IdResponse { Id = id }, ApiJson.Context.IdResponse, StatusCodes.Status201Created);
    }

    private static async Task StartAsync(HttpContext context, ContainerService containers)
    {
        string id = context.Route("id");
        var request = await RequestBody.ReadJsonAsync(context, ApiJson.Context.ExecStartRequest, optional: true) ?? new ApiTypes.ExecStartRequest();
        var session = containers.GetExec(id);
        if (request.Detach)
        {
            await containers.StartExecAsync(id, detach: true, context.RequestAborted);
            await ApiResponse.StatusAsync(context, 200);
            return;
        }
        var keys = DetachKeys.Parse(session.Config.DetachKeys);
        // As moby: the 101 first, then the start; a start that fails is told on the stream (the exit code,
        // 126 or 127, is the exec's to inspect), so `docker exec` shows the runtime's error and exits with it.
        await using var client = await Hijack.UpgradeAsync(context, multiplexed: !session.Config.Tty);
        ExecStart start;
        try
        {
            start = await containers.StartExecAsync(id, detach: false, CancellationToken.None);
        }
        catch (WharfException e)
        {
            byte[] text = System.Text.Encoding.UTF8.GetBytes(e.Message + "\r\n");
            if (session.Config.Tty) await client.WriteAsync(text, CancellationToken.None);
            else await StdFrameWriter.WriteFrameAsync(client, StdStream.Stdout, text, CancellationToken.None);
            await client.FlushAsync(CancellationToken.None);
            return;
        }
        if (start.Stream is { } shim)
        {
            await using (shim)
            {
                bool detached = await StreamBridge.RunAsync(client, shim, session.Config.AttachStdin, keys, CancellationToken.None);
                if (detached) return;
            }
        }
        // The CLI reads the exit code right after the stream closes: have it first.
        await start.Exit;
    }

    private static async Task InspectAsync(HttpContext context, ContainerService containers)
    {
        var session = containers.GetExec(context.Route("id"));
        var cmd = session.Config.Cmd;
        await ApiResponse.JsonAsync(context, new ApiTypes.ExecInspectResponse
        {
            ID = session.Id,
            ContainerID = session.ContainerId,
            Running = session.Running,
            ExitCode = session.ExitCode,
            Pid = session.Pid,
            OpenStdin = session.Config.AttachStdin,
            OpenStdout = session.Config.AttachStdout,
            OpenStderr = session.Config.AttachStderr,
            DetachKeys = session.Config.DetachKeys ?? "",
            CanRemove = false,
            ProcessConfig = new ApiTypes.ExecProcessConfig
            {
                Privileged = session.Config.Privileged,
                User = session.Config.User ?? "",
                Tty = session.Config.Tty,
                Entrypoint = cmd.Count > 0 ? cmd[0] : "",
                Arguments = cmd.Skip(1).ToList(),
            },
        }, ApiJson.Context.ExecInspectResponse);
    }
}
