using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Wharf.Api;
using Wharf.Api.Streams;
using Wharf.Api.Types;
using Wharf.Daemon.Http;

namespace Wharf.Daemon.Tests;

/// <summary>
/// The real docker CLI against the hijack plumbing, with a stand-in exec that echoes stdin: the CLI
/// must accept Kestrel's 101 answer, send the exec-start body on the upgrade request, half-close
/// when its stdin ends and still receive the output that follows, then read the exit code.
/// </summary>
public class RealCliHijackTests
{
    internal static readonly string? Docker = new[] { Environment.GetEnvironmentVariable("WHARF_DOCKER_CLI"), "/usr/local/bin/docker", "/usr/bin/docker" }
        .FirstOrDefault(path => !string.IsNullOrEmpty(path) && File.Exists(path));

    private static Task<SocketServer> StartAsync() => SocketServer.StartAsync(routes => routes
        .Get("/containers/{id}/json", context => ApiResponse.JsonAsync(context, new ContainerInspectResponse
        {
            Id = "c0ffee" + new string('0', 58),
            Name = "/box",
            State = new ContainerState { Status = "running", Running = true },
            Config = new ContainerConfig { Tty = false },
        }, ApiJson.Context.ContainerInspectResponse))
        .Post("/containers/{id}/exec", async context =>
        {
            var request = await RequestBody.ReadJsonAsync(context, ApiJson.Context.ExecCreateRequest);
            Assert.Equal(["cat"], request!.Cmd);
            await ApiResponse.JsonAsync(context, new IdResponse { Id = "e1" }, ApiJson.Context.IdResponse, StatusCodes.Status201Created);
        })
        .Post("/exec/{id}/start", async context =>
        {
            var start = await RequestBody.ReadJsonAsync(context, ApiJson.Context.ExecStartRequest);
            Assert.False(start!.Detach);
            await using var stream = await Hijack.UpgradeAsync(context, multiplexed: !start.Tty);
            byte[] buffer = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
                await StdFrameWriter.WriteFrameAsync(stream, StdStream.Stdout, buffer.AsMemory(0, read));
            await Task.Delay(100);
            await StdFrameWriter.WriteFrameAsync(stream, StdStream.Stderr, "stdin ended\n"u8.ToArray());
        })
        .Get("/exec/{id}/json", context => ApiResponse.JsonAsync(context, new ExecInspectResponse { ID = "e1", ExitCode = 3 },
            ApiJson.Context.ExecInspectResponse)));

    [DockerCliFact]
    public async Task Docker_exec_i_streams_stdin_out_and_back_and_exits_with_the_exec_code()
    {
        await using var server = await StartAsync();
        var start = new ProcessStartInfo(Docker!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "exec", "-i", "box", "cat" }) start.ArgumentList.Add(arg);
        start.Environment["DOCKER_HOST"] = $"unix://{server.SocketPath}";
        start.Environment["DOCKER_CONFIG"] = Path.GetDirectoryName(server.SocketPath);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync("hello\nworld\n");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cancel.Token);
        Assert.Equal("hello\nworld\n", await stdout);
        Assert.Equal("stdin ended\n", await stderr);
        Assert.Equal(3, process.ExitCode);
    }
}

/// <summary>A test that runs the docker CLI: skipped with the reason when it is not installed.</summary>
public sealed class DockerCliFactAttribute : FactAttribute
{
    public DockerCliFactAttribute()
    {
        if (RealCliHijackTests.Docker is null) Skip = "the docker CLI is not installed (scripts/install-deps.sh installs docker.io)";
    }
}
