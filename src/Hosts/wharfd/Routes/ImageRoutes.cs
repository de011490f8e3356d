using Wharf.Api;
using Wharf.Api.Streams;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Daemon.Http;
using Wharf.Images.Archive;
using Wharf.Images.Filters;
using Wharf.Images.Service;
using ApiTypes = Wharf.Api.Types;

namespace Wharf.Daemon.Routes;

/// <summary>The image endpoints: thin calls into <see cref="ImageService"/> and the archive reader/writer.</summary>
internal static class ImageRoutes
{
    public static void Map(RouteTable routes, DaemonServices services)
    {
        var images = services.Images;
        // Literal routes first: "/images/json" must not be read as an image named "json".
        routes.Get("/images/json", context => ListAsync(context, images));
        routes.Post("/images/create", context => CreateAsync(context, images));
        routes.Get("/images/get", context => SaveAsync(context, services, context.QueryAll("names")));
        routes.Post("/images/load", context => LoadAsync(context, services));
        routes.Post("/images/prune", context => PruneAsync(context, images));
        routes.Get("/images/{name*}/json", context => InspectAsync(context, images));
        routes.Get("/images/{name*}/history", context => HistoryAsync(context, images));
        routes.Get("/images/{name*}/get", context => SaveAsync(context, services, [context.Route("name")]));
        routes.Post("/images/{name*}/tag", context => TagAsync(context, images));
        routes.Post("/images/{name*}/push", context => PushAsync(context));
        routes.Delete("/images/{name*}", context => RemoveAsync(context, images));
    }

    private static async Task ListAsync(HttpContext context, ImageService images)
    {
        var filters = context.Filters();
        filters.Validate("before", "dangling", "label", "reference", "since");
        var pairs = new List<string>();
        if (filters.Contains("dangling")) pairs.Add($"dangling={filters.GetBool("dangling", false)}");
        pairs.AddRange(filters.Get("reference").Select(value => $"reference={value}"));
        pairs.AddRange(filters.Get("label").Select(value => $"label={value}"));
        IEnumerable<ImageSummary> list = await images.ListAsync(ImageFilters.Parse(pairs), context.RequestAborted);

        // before/since: images created strictly before/after the named one (moby compares creation times).
        foreach (string name in filters.Get("before"))
        {
            var pivot = await images.ResolveAsync(name, context.RequestAborted);
            list = list.Where(image => image.Created < pivot.Config.Created);
        }
        foreach (string name in filters.Get("since"))
        {
            var pivot = await images.ResolveAsync(name, context.RequestAborted);
            list = list.Where(image => image.Created > pivot.Config.Created);
        }

        bool legacySize = context.ApiVersion() < new ApiVersion(1, 44);
        var answer = list.Select(image => ToWire(image, legacySize)).ToList();
        await ApiResponse.JsonAsync(context, answer, ApiJson.Context.ListImageSummary);
    }

    /// <summary>An image as the list answers it (VirtualSize only for clients below API 1.44, which still read it).</summary>
    internal static ApiTypes.ImageSummary ToWire(ImageSummary image, bool legacySize) => new()
    {
        Id = image.Id.ToString(),
        RepoTags = [.. image.RepoTags],
        RepoDigests = [],
        Created = ApiTime.Unix(image.Created),
        Size = image.Size,
        VirtualSize = legacySize ? image.Size : null,
        Labels = new Dictionary<string, string>(image.Labels),
    };

    private static async Task InspectAsync(HttpContext context, ImageService images)
    {
        var image = await images.InspectAsync(context.Route("name"), context.RequestAborted);
        var config = image.Config;
        var execution = config.Config;
        var version = context.ApiVersion();
        var answer = new ApiTypes.ImageInspect
        {
            Id = image.Id.ToString(),
            Descriptor = version >= new ApiVersion(1, 48) ? Describe(image.Target) : null,
            RepoTags = [.. image.RepoTags],
            RepoDigests = [],
            Comment = config.Comment ?? "",
            Created = config.Created is { } created ? ApiTime.Format(created) : null,
            DockerVersion = config.DockerVersion ?? "",
            Author = config.Author ?? "",
            Config = new ApiTypes.ImageInspectConfig
            {
                User = execution?.User,
                ExposedPorts = execution?.ExposedPorts?.ToDictionary(pair => pair.Key, _ => ApiTypes.EmptyObject.Instance),
                Env = execution?.Env?.ToList(),
                Entrypoint = execution?.Entrypoint?.ToList(),
                Cmd = execution?.Cmd?.ToList(),
                Volumes = execution?.Volumes?.ToDictionary(pair => pair.Key, _ => ApiTypes.EmptyObject.Instance),
                WorkingDir = execution?.WorkingDir,
                Labels = execution?.Labels?.ToDictionary(),
                StopSignal = execution?.StopSignal,
                ArgsEscaped = execution?.ArgsEscaped,
                OnBuild = execution?.OnBuild?.ToList(),
                Shell = execution?.Shell?.ToList(),
                Healthcheck = execution?.Healthcheck is { } health
                    ? new ApiTypes.HealthConfig
                    {
                        Test = health.Test?.ToList(),
                        Interval = health.Interval ?? 0,
                        Timeout = health.Timeout ?? 0,
                        StartPeriod = health.StartPeriod ?? 0,
                        StartInterval = health.StartInterval ?? 0,
                        Retries = health.Retries ?? 0,
                    }
                    : null,
            },
            Architecture = config.Architecture,
            Variant = string.IsNullOrEmpty(config.Variant) ? null : config.Variant,
            Os = config.OS,
            OsVersion = string.IsNullOrEmpty(config.OSVersion) ? null : config.OSVersion,
            Size = image.Size,
            VirtualSize = version < new ApiVersion(1, 44) ? image.Size : null,
            GraphDriver = new ApiTypes.DriverData { Name = "overlayfs" },
            RootFS = new ApiTypes.ImageRootFs { Type = config.RootFs.Type, Layers = config.RootFs.DiffIds.Select(d => d.ToString()).ToList() },
            Metadata = new ApiTypes.ImageMetadata(),
        };
        await ApiResponse.JsonAsync(context, answer, ApiJson.Context.ImageInspect);
    }

    private static ApiTypes.OciDescriptor Describe(Descriptor descriptor) => new()
    {
        MediaType = descriptor.MediaType,
        Digest = descriptor.Digest.ToString(),
        Size = descriptor.Size,
        Annotations = descriptor.Annotations?.ToDictionary(),
    };

    private static async Task HistoryAsync(HttpContext context, ImageService images)
    {
        var history = await images.HistoryAsync(context.Route("name"), context.RequestAborted);
        var answer = history.Select(entry => new ApiTypes.HistoryResponseItem
        {
            Id = entry.Id,
            Created = ApiTime.Unix(entry.Created),
            CreatedBy = entry.CreatedBy,
            Tags = entry.Tags.Count > 0 ? [.. entry.Tags] : null,
            Size = entry.Size,
            Comment = entry.Comment,
        }).ToList();
        await ApiResponse.JsonAsync(context, answer, ApiJson.Context.ListHistoryResponseItem);
    }

    /// <summary>POST /images/{name}/tag?repo=REPO&amp;tag=TAG (repo fully normalised by the CLI, tag "latest" by default).</summary>
    private static async Task TagAsync(HttpContext context, ImageService images)
    {
        string repo = context.Query("repo") ?? "";
        if (repo.Length == 0) throw new ApiRequestException("repository name must have at least one component");
        string tag = context.Query("tag") ?? "";
        await images.TagAsync(context.Route("name"), Compose(repo, tag), context.RequestAborted);
        await ApiResponse.StatusAsync(context, StatusCodes.Status201Created);
    }

    private static async Task RemoveAsync(HttpContext context, ImageService images)
    {
        var events = await images.RemoveAsync(context.Route("name"), context.QueryBool("force"), cancellationToken: context.RequestAborted);
        await ApiResponse.JsonAsync(context, events.Select(ToItem).ToList(), ApiJson.Context.ListImageDeleteResponseItem);
    }

    private static ApiTypes.ImageDeleteResponseItem ToItem(ImageDeleteEvent e) => new() { Untagged = e.Untagged, Deleted = e.Deleted };

    private static async Task PruneAsync(HttpContext context, ImageService images)
    {
        var filters = context.Filters();
        filters.Validate("dangling");
        bool danglingOnly = filters.GetBool("dangling", true);
        var report = await images.PruneAsync(danglingOnly, cancellationToken: context.RequestAborted);
        var answer = new ApiTypes.ImagePruneResponse
        {
            ImagesDeleted = report.Deleted.Count > 0 ? report.Deleted.Select(ToItem).ToList() : null,
            SpaceReclaimed = report.SpaceReclaimed,
        };
        await ApiResponse.JsonAsync(context, answer, ApiJson.Context.ImagePruneResponse);
    }

    /// <summary>
    /// POST /images/create: <c>fromSrc=-</c> imports the body (docker import); <c>fromImage</c> is a
    /// pull, which needs the registry client: an image already here is "up to date", any other is a 404.
    /// </summary>
    private static async Task CreateAsync(HttpContext context, ImageService images)
    {
        string? fromSrc = context.Query("fromSrc"), fromImage = context.Query("fromImage");
        string tag = context.Query("tag") ?? "";
        if (!string.IsNullOrEmpty(fromImage))
        {
            await PullAsync(context, images, fromImage, tag);
            return;
        }
        if (string.IsNullOrEmpty(fromSrc)) throw new ApiRequestException("either fromSrc or fromImage must be given");
        if (fromSrc != "-") throw new ApiRequestException($"importing from a URL is not supported yet: {fromSrc} (send the tar as the request body with fromSrc=-)");

        string repo = context.Query("repo") ?? "";
        var options = new ImportOptions
        {
            Reference = repo.Length == 0 ? null : Compose(repo, tag),
            Changes = context.QueryAll("changes"),
            Message = context.Query("message"),
            Platform = context.Query("platform") is { Length: > 0 } platform ? Platform.Parse(platform) : null,
        };
        var id = await images.ImportAsync(context.Request.Body, options, context.RequestAborted);
        await ApiResponse.StartNowAsync(context, ApiResponse.JsonContentType);
        await new JsonMessageWriter(context.Response.Body).WriteStatusAsync(id.ToString(), cancellationToken: context.RequestAborted);
    }

    private static async Task PullAsync(HttpContext context, ImageService images, string fromImage, string tag)
    {
        string name = tag.Length == 0 ? fromImage : tag.StartsWith("sha256:", StringComparison.Ordinal) ? $"{fromImage}@{tag}" : $"{fromImage}:{tag}";
        var reference = ImageReference.Parse(name);
        try
        {
            await images.ResolveAsync(reference.ToString(), context.RequestAborted);
        }
        catch (WharfException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw WharfException.NotFound(
                $"pull access denied for {reference.FamiliarName}: pulling from registries is not supported by wharfd yet; " +
                "make the image with docker import or docker load");
        }
        await ApiResponse.StartNowAsync(context, ApiResponse.JsonContentType);
        await new JsonMessageWriter(context.Response.Body).WriteStatusAsync($"Status: Image is up to date for {reference.FamiliarString}",
            cancellationToken: context.RequestAborted);
    }

    private static Task PushAsync(HttpContext context) =>
        throw new ApiRequestException($"pushing to registries is not supported by wharfd yet: {context.Route("name")}");

    /// <summary>GET /images/get?names=...: a docker-archive tar (with an OCI layout) of the images, streamed.</summary>
    private static async Task SaveAsync(HttpContext context, DaemonServices services, IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw new ApiRequestException("no images specified: use names=IMAGE");
        var selected = new List<(ImageReference? Name, Descriptor Manifest)>();
        foreach (string name in names)
        {
            var image = await services.Images.ResolveAsync(name, context.RequestAborted);
            // Saved by one of its names: the name goes into the archive; by ID: the image goes in untagged.
            ImageReference? reference = ImageReference.TryParse(name, out var parsed) && image.Records.Any(r => r.Name == parsed.ToString()) ? parsed : null;
            selected.Add((reference, image.Target));
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-tar";
        await services.ArchiveWriter.WriteAsync(selected, context.Response.Body, context.RequestAborted);
    }

    /// <summary>
    /// POST /images/load: the answer is a JSON stream: unless <c>quiet</c>, a "Loading layer"
    /// progress line per layer as the archive is read (the stream starts with the first), then
    /// "Loaded image: NAME" lines. A failure before anything was sent is a plain HTTP error; after,
    /// an error message that ends the stream, as dockerd does.
    /// </summary>
    private static async Task LoadAsync(HttpContext context, DaemonServices services)
    {
        var writer = new JsonMessageWriter(context.Response.Body);
        IReadOnlyList<LoadedImage> loaded;
        if (context.QueryBool("quiet"))
        {
            loaded = await services.Images.LoadAsync(context.Request.Body, context.RequestAborted);
        }
        else
        {
            var progress = new LoadProgressStream(context, writer);
            try
            {
                loaded = await services.Images.LoadAsync(context.Request.Body, context.RequestAborted, progress);
                await progress.CompleteAsync();
            }
            catch (Exception e) when (e is WharfException && !context.RequestAborted.IsCancellationRequested)
            {
                await progress.CompleteAsync();
                if (!writer.Started) throw;
                await writer.WriteErrorAsync(e.Message, cancellationToken: context.RequestAborted);
                return;
            }
        }
        if (!writer.Started) await ApiResponse.StartNowAsync(context, ApiResponse.JsonContentType);
        foreach (var image in loaded)
        {
            string line = image.Name is { } name ? $"Loaded image: {name.FamiliarString}\n" : $"Loaded image ID: {image.Id}\n";
            await writer.WriteStreamAsync(line, context.RequestAborted);
        }
    }

    /// <summary>"repo" and "tag" as one reference: the tag query wins over none; a repo may carry its own tag (import).</summary>
    private static string Compose(string repo, string tag) => tag.Length == 0 ? repo : $"{repo}:{tag}";
}
