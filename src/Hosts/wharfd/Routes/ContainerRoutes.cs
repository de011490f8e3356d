using System.Globalization;
using Wharf.Api;
using Wharf.Api.Streams;
using Wharf.Containers;
using Wharf.Core;
using Wharf.Daemon.Http;
using Wharf.Daemon.Mapping;
using Wharf.Engine.Containers;
using ApiTypes = Wharf.Api.Types;

namespace Wharf.Daemon.Routes;

/// <summary>The container endpoints: thin calls into <see cref="ContainerService"/>.</summary>
internal static class ContainerRoutes
{
    public static void Map(RouteTable routes, DaemonServices services)
    {
        var containers = services.Containers;
        routes.Post("/containers/create", context => CreateAsync(context, containers));
        routes.Get("/containers/json", context => ListAsync(context, services));
        routes.Post("/containers/prune", context => PruneAsync(context, containers));
        routes.Get("/containers/{id}/json", context => InspectAsync(context, services));
        routes.Post("/containers/{id}/start", async context =>
            await ApiResponse.StatusAsync(context, await containers.StartAsync(context.Route("id"), context.RequestAborted) ? 204 : 304));
        routes.Post("/containers/{id}/stop", async context =>
            await ApiResponse.StatusAsync(context, await containers.StopAsync(context.Route("id"), Timeout(context), Signal(context), CancellationToken.None) ? 204 : 304));
        routes.Post("/containers/{id}/restart", async context =>
        {
            await containers.RestartAsync(context.Route("id"), Timeout(context), Signal(context), CancellationToken.None);
            await ApiResponse.StatusAsync(context, 204);
        });
        routes.Post("/containers/{id}/kill", async context =>
        {
            await containers.KillAsync(context.Route("id"), Signal(context), CancellationToken.None);
            await ApiResponse.StatusAsync(context, 204);
        });
        routes.Post("/containers/{id}/pause", async context =>
        {
            await containers.PauseAsync(context.Route("id"), context.RequestAborted);
            await ApiResponse.StatusAsync(context, 204);
        });
        routes.Post("/containers/{id}/unpause", async context =>
        {
            await containers.UnpauseAsync(context.Route("id"), context.RequestAborted);
            await ApiResponse.StatusAsync(context, 204);
        });
        routes.Post("/containers/{id}/rename", async context =>
        {
            string name = context.Query("name") ?? "";
            await containers.RenameAsync(context.Route("id"), name, context.RequestAborted);
            await ApiResponse.StatusAsync(context, 204);
        });
        routes.Post("/containers/{id}/resize", async context =>
        {
            await containers.ResizeAsync(context.Route("id"), (int)context.QueryInt("h", 0), (int)context.QueryInt("w", 0), context.RequestAborted);
            await ApiResponse.StatusAsync(context, 200);
        });
        routes.Post("/containers/{id}/wait", context => WaitAsync(context, containers));
        routes.Delete("/containers/{id}", async context =>
        {
            await containers.RemoveAsync(context.Route("id"), context.QueryBool("force"), CancellationToken.None);
            await ApiResponse.StatusAsync(context, 204);
        });
        routes.Post("/containers/{id}/attach", context => AttachAsync(context, containers));
        routes.Get("/containers/{id}/logs", context => LogsAsync(context, containers));
        routes.Get("/containers/{id}/top", async context =>
        {
            var table = await containers.TopAsync(context.Route("id"), context.Query("ps_args"), context.RequestAborted);
            await ApiResponse.JsonAsync(context, new ApiTypes.ContainerTopResponse
            {
                Titles = [.. table.Titles],
                Processes = table.Processes.Select(p => p.ToList()).ToList(),
            }, ApiJson.Context.ContainerTopResponse);
        });
        routes.Get("/containers/{id}/stats", context => StatsRoute.StatsAsync(context, containers));
        routes.Post("/commit", context => CommitAsync(context, containers));
        routes.Get("/containers/{id}/changes", async context =>
        {
            var changes = await containers.ChangesAsync(context.Route("id"), context.RequestAborted);
            await ApiResponse.JsonAsync(context, changes.Select(c => new ApiTypes.FilesystemChange { Path = c.Path, Kind = (int)c.Kind }).ToList(),
                ApiJson.Context.ListFilesystemChange);
        });
        routes.Get("/containers/{id}/export", async context =>
        {
            containers.Get(context.Route("id")); // 404 before the headers
            await ApiResponse.StartNowAsync(context, "application/x-tar");
            await containers.ExportAsync(context.Route("id"), context.Response.Body, context.RequestAborted);
        });
    }

    private static async Task CreateAsync(HttpContext context, ContainerService containers)
    {
        var request = await RequestBody.ReadJsonAsync(context, ApiJson.Context.ContainerCreateRequest)
            ?? throw new ApiRequestException("config cannot be empty in order to create a container");
        string? name = context.Query("name");
        var created = await containers.CreateAsync(new CreateContainerRequest(
            string.IsNullOrEmpty(name) ? null : name,
            ContainerWire.ToConfig(request),
            ContainerWire.ToHostSettings(request.HostConfig))
        {
            Endpoints = ContainerWire.ToEndpoints(request.NetworkingConfig),
        }, context.RequestAborted);
        await ApiResponse.JsonAsync(context, new ApiTypes.ContainerCreateResponse { Id = created.Id, Warnings = [.. created.Warnings] },
            ApiJson.Context.ContainerCreateResponse, StatusCodes.Status201Created);
    }

    private static async Task ListAsync(HttpContext context, DaemonServices services)
    {
        var filters = context.Filters();
        var byKey = filters.Keys.ToDictionary(k => k, k => filters.Get(k));
        var options = new ContainerListOptions
        {
            All = context.QueryBool("all"),
            Limit = (int)context.QueryInt("limit", 0),
            Filters = ContainerFilters.Parse(byKey),
        };
        var summaries = await SummariesAsync(services, options, context.QueryBool("size"), context.RequestAborted);
        await ApiResponse.JsonAsync(context, summaries, ApiJson.Context.ListContainerSummary);
    }

    /// <summary>
    /// The list's summaries, newest first; with <paramref name="size"/>, SizeRw (the writable layer)
    /// and SizeRootFs (that and the image's layers, docker's "virtual" size), which walk each layer.
    /// </summary>
    /// <param name="imageSizes">The images' sizes by ID when the caller has them already (system df); else listed here.</param>
    internal static async Task<List<Wharf.Api.Types.ContainerSummary>> SummariesAsync(DaemonServices services, ContainerListOptions options, bool size,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, long>? imageSizes = null)
    {
        var images = services.Images;
        var list = await ContainerList.SelectAsync(services.Containers.All(), options, async (reference, token) =>
        {
            try
            {
                var image = await images.ResolveAsync(reference, token);
                return [image.Id.ToString()];
            }
            catch (WharfException e) when (e.Kind == ErrorKind.NotFound)
            {
                return [];
            }
        }, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var summaries = list.Select(c => ContainerWire.Summary(c, now)).ToList();
        if (!size) return summaries;
        imageSizes ??= (await images.ListAsync(null, cancellationToken)).ToDictionary(i => i.Id.ToString(), i => i.Size);
        for (int i = 0; i < list.Count; i++)
        {
            long writable = await services.Containers.WritableSizeAsync(list[i], cancellationToken);
            summaries[i].SizeRw = writable;
            summaries[i].SizeRootFs = writable + imageSizes.GetValueOrDefault(list[i].ImageId);
        }
        return summaries;
    }

    private static async Task InspectAsync(HttpContext context, DaemonServices services)
    {
        var containers = services.Containers;
        var container = containers.Get(context.Route("id"));
        var answer = ContainerWire.Inspect(container, containers.ExecIdsOf(container.Id));
        if (context.QueryBool("size")) // inspect -s
        {
            long writable = await containers.WritableSizeAsync(container, context.RequestAborted);
            long image = 0;
            try
            {
                image = (await services.Images.InspectAsync(container.ImageId, context.RequestAborted)).Size;
            }
            catch (WharfException e) when (e.Kind == ErrorKind.NotFound)
            {
                // the image is gone (removed with -f): the writable layer is all there is to count
            }
            answer.SizeRw = writable;
            answer.SizeRootFs = writable + image;
        }
        await ApiResponse.JsonAsync(context, answer, ApiJson.Context.ContainerInspectResponse);
    }

    /// <summary>Headers at once (the CLI waits for them before it starts the container), the status when the condition is met.</summary>
    private static async Task WaitAsync(HttpContext context, ContainerService containers)
    {
        var condition = (context.Query("condition") ?? "") switch
        {
            "" or "not-running" => WaitCondition.NotRunning,
            "next-exit" => WaitCondition.NextExit,
            "removed" => WaitCondition.Removed,
            var other => throw new ApiRequestException($"invalid condition: \"{other}\""),
        };
        var wait = containers.Wait(context.Route("id"), condition);
        await ApiResponse.StartNowAsync(context, ApiResponse.JsonContentType);
        var exit = await wait.WaitAsync(context.RequestAborted);
        var answer = new ApiTypes.ContainerWaitResponse
        {
            StatusCode = exit.ExitCode,
            Error = exit.Error is null ? null : new ApiTypes.ContainerWaitExitError { Message = exit.Error },
        };
        await context.Response.Body.WriteAsync(ApiJson.Serialize(answer, ApiJson.Context.ContainerWaitResponse), context.RequestAborted);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
    }

    private static async Task AttachAsync(HttpContext context, ContainerService containers)
    {
        string id = context.Route("id");
        var container = containers.Get(id);
        bool stream = context.QueryBool("stream");
        var keys = DetachKeys.Parse(context.Query("detachKeys"));
        var options = new AttachOptions(context.QueryBool("stdin"), context.QueryBool("stdout"), context.QueryBool("stderr"));
        // The client going away is noticed on its stream; the attach itself must outlive the HTTP request's token.
        using var gone = new CancellationTokenSource();
        // Registered before the 101: docker run starts the container the moment it has the 101, and output
        // written before the attach is connected would be lost (and the CLI left waiting for it).
        var attaching = stream ? await containers.BeginAttachAsync(id, options, gone.Token) : null;
        try
        {
            await using var client = await Hijack.UpgradeAsync(context, multiplexed: !container.Config.Tty);
            if (attaching is null) return; // logs-only attach: the log replay is not served (the CLI never asks for it)
            await using var shim = await attaching;
            await StreamBridge.RunAsync(client, shim, options.Stdin && container.Config.OpenStdin, keys, CancellationToken.None);
        }
        finally
        {
            gone.Cancel(); // a pending attach whose client is gone is dropped; a connected one is unaffected
        }
    }

    private static async Task LogsAsync(HttpContext context, ContainerService containers)
    {
        string id = context.Route("id");
        var container = containers.Get(id);
        bool stdout = context.QueryBool("stdout"), stderr = context.QueryBool("stderr");
        if (!stdout && !stderr) throw new ApiRequestException("Bad parameters: you must choose at least one stream");
        string tail = context.Query("tail") ?? "all";
        var options = new LogReadOptions
        {
            Stdout = stdout,
            Stderr = stderr,
            Follow = context.QueryBool("follow"),
            Tail = tail is "" or "all" ? -1 : int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1,
            Since = LogTime(context.Query("since")),
            Until = LogTime(context.Query("until")),
        };
        bool timestamps = context.QueryBool("timestamps");
        bool multiplexed = !container.Config.Tty;
        await ApiResponse.StartNowAsync(context, multiplexed && context.ApiVersion() >= new ApiVersion(1, 42) ? Hijack.MultiplexedStream : Hijack.RawStream);
        var body = context.Response.Body;
        await foreach (var entry in containers.ReadLogs(id, options, context.RequestAborted))
        {
            var line = entry.Line;
            if (timestamps)
            {
                byte[] stamped = new byte[entry.FormatTime().Length + 1 + line.Length];
                System.Text.Encoding.ASCII.GetBytes(entry.FormatTime() + " ", stamped);
                line.Span.CopyTo(stamped.AsSpan(stamped.Length - line.Length));
                line = stamped;
            }
            if (multiplexed)
                await StdFrameWriter.WriteFrameAsync(body, entry.Stream == LogStream.Stderr ? StdStream.Stderr : StdStream.Stdout, line, context.RequestAborted);
            else
                await body.WriteAsync(line, context.RequestAborted);
            await body.FlushAsync(context.RequestAborted);
        }
    }

    private static async Task PruneAsync(HttpContext context, ContainerService containers)
    {
        var filters = context.Filters();
        filters.Validate("label", "label!", "until");
        var labels = filters.Get("label");
        var until = filters.Get("until").Select(LogTime).FirstOrDefault();
        var removed = await containers.PruneAsync(c =>
            labels.All(l => HasLabel(c, l)) && (until is null || c.Created < until), context.RequestAborted);
        await ApiResponse.JsonAsync(context, new ApiTypes.ContainerPruneResponse { ContainersDeleted = [.. removed], SpaceReclaimed = 0 },
            ApiJson.Context.ContainerPruneResponse);
    }

    private static async Task CommitAsync(HttpContext context, ContainerService containers)
    {
        string container = context.Query("container") ?? throw new ApiRequestException("a container is required");
        string? repo = context.Query("repo");
        string? tag = context.Query("tag");
        string? reference = string.IsNullOrEmpty(repo) ? null : string.IsNullOrEmpty(tag) ? repo : repo + ":" + tag;
        var id = await containers.CommitAsync(container, new CommitRequest
        {
            Reference = reference,
            Author = context.Query("author"),
            Message = context.Query("comment"),
            Changes = context.QueryAll("changes").SelectMany(c => c.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList(),
            Pause = context.Query("pause") is null || context.QueryBool("pause"),
        }, context.RequestAborted);
        await ApiResponse.JsonAsync(context, new ApiTypes.IdResponse { Id = id.ToString() }, ApiJson.Context.IdResponse, StatusCodes.Status201Created);
    }

    private static bool HasLabel(Container c, string filter)
    {
        var labels = c.Config.Labels;
        if (labels is null) return false;
        int eq = filter.IndexOf('=');
        return eq < 0 ? labels.ContainsKey(filter) : labels.TryGetValue(filter[..eq], out var v) && v == filter[(eq + 1)..];
    }

    private static int? Timeout(HttpContext context) => context.Query("t") is { Length: > 0 } ? (int)context.QueryInt("t", 10) : null;

    private static int? Signal(HttpContext context) => context.Query("signal") is { Length: > 0 } s ? SignalNames.Parse(s) : null;

    /// <summary>Docker's timestamps in `since`/`until`: unix seconds with optional fraction (the CLI converts durations and dates to that), or RFC 3339.</summary>
    internal static DateTimeOffset? LogTime(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds))
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        throw new ApiRequestException($"invalid time value: {value}");
    }
}
