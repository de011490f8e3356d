using System.Diagnostics;
using Wharf.Daemon.Http;
using Wharf.Daemon.Routes;

namespace Wharf.Daemon.Hosting;

/// <summary>
/// Runs the daemon: claims the pid file and the socket, opens the stores, serves the API until
/// SIGTERM/SIGINT, then stops (giving open requests a few seconds) and removes the socket and pid file.
/// </summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(DaemonOptions options)
    {
        var started = Stopwatch.StartNew();
        // The empty builder: no configuration files, no environment-driven settings, nothing to scan at start.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(options.Debug ? LogLevel.Debug : LogLevel.Information);
        // Kestrel's and hosting's own chatter only when debugging.
        builder.Logging.AddFilter("Microsoft", options.Debug ? LogLevel.Information : LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Image tars stream through (load, import, build): no total limit; JSON bodies are bounded by RequestBody.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.ListenUnixSocket(options.SocketPath, listen => listen.Use(HijackConnection.Middleware));
        });

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("wharfd");

        PidFile? pidFile = null;
        DaemonServices? services = null;
        bool listening = false;
        try
        {
            if (options.PidFile is { } pidPath) pidFile = PidFile.Create(pidPath);
            SocketClaim.Prepare(options.SocketPath);
            logger.LogDebug("startup: host built at {Milliseconds} ms", started.ElapsedMilliseconds);
            services = await DaemonServices.OpenAsync(options, logger, app.Lifetime.ApplicationStopping);
            logger.LogDebug("startup: stores open at {Milliseconds} ms", started.ElapsedMilliseconds);

            var routes = new RouteTable();
            SystemRoutes.Map(routes, services);
            ImageRoutes.Map(routes, services);
            ContainerRoutes.Map(routes, services);
            ArchiveRoutes.Map(routes, services);
            ExecRoutes.Map(routes, services);
            EventRoutes.Map(routes, services);
            UnownedPruneRoutes.Map(routes);
            var pipeline = new ApiPipeline(routes, app.Services.GetRequiredService<ILogger<ApiPipeline>>());
            app.Run(pipeline.HandleAsync);

            await app.StartAsync();
            listening = true;
            SocketClaim.Restrict(options.SocketPath);
            logger.LogInformation("API listening on {Socket} (data root {DataRoot}, runtime {Runtime}), ready in {Milliseconds} ms",
                options.SocketPath, options.DataRoot, services.Runtime.Path ?? $"{services.Runtime.Name} (not found)", started.ElapsedMilliseconds);
            await app.WaitForShutdownAsync();
            logger.LogInformation("shutting down");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or Wharf.Core.WharfException)
        {
            logger.LogCritical("{Message}", e.Message);
            return 1;
        }
        finally
        {
            if (listening)
            {
                try { await app.StopAsync(); } catch (OperationCanceledException) { }
                TryDelete(options.SocketPath);
            }
            services?.Dispose();
            pidFile?.Dispose();
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
