using Wharf.Containers;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Images.Service;

namespace Wharf.Engine.Containers;

/// <summary>What `docker commit` asks for.</summary>
public sealed record CommitRequest
{
    public string? Reference { get; init; }
    public string? Author { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Docker pauses a running container while its layer is read (default true).</summary>
    public bool Pause { get; init; } = true;
}

public sealed partial class ContainerService
{
    /// <summary>`docker commit`: the container's writable layer becomes a new image on top of its image.</summary>
    public async Task<Digest> CommitAsync(string idOrName, CommitRequest request, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        var record = live.Record;
        string upper = await UpperDirectoryAsync(record, cancellationToken).ConfigureAwait(false);
        var shim = live.Shim;
        bool pause = request.Pause && shim is not null && record.State.Status == ContainerStatus.Running;
        if (pause) await shim!.PauseAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var config = record.Config;
            var id = await _images.CommitAsync(record.ImageId, upper, new CommitOptions
            {
                Reference = request.Reference,
                Author = request.Author,
                Message = request.Message,
                Changes = request.Changes,
                CreatedBy = string.Join(' ', new[] { record.Path }.Concat(record.Args)),
                ContainerConfig = new ImageExecutionConfig
                {
                    User = config.User,
                    Env = config.Env,
                    Cmd = config.Cmd,
                    Entrypoint = config.Entrypoint,
                    WorkingDir = config.WorkingDir,
                    Labels = config.Labels,
                    StopSignal = config.StopSignal,
                    ExposedPorts = config.ExposedPorts,
                    Volumes = config.Volumes,
                },
            }, cancellationToken).ConfigureAwait(false);
            Publish(live, "commit");
            return id;
        }
        finally
        {
            if (pause) await shim!.ResumeAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>`docker diff`: what the container changed, added and deleted, by path.</summary>
    public async Task<IReadOnlyList<FilesystemChange>> ChangesAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var record = Find(idOrName).Record;
        var mounts = await _snapshots.MountsAsync(ContainerPaths.SnapshotKey(record), cancellationToken).ConfigureAwait(false);
        string upper = mounts.Count == 1 && mounts[0].WritableDirectory is { } dir
            ? dir
            : throw new WharfException(ErrorKind.Internal, $"container {record.Id} has no writable layer");
        var lowers = mounts[0].OptionValue("lowerdir")?.Split(':') ?? [];
        return FilesystemChanges.Read(upper, lowers);
    }

    /// <summary>`docker export`: the container's whole filesystem as a tar, written to <paramref name="output"/>, running or not.</summary>
    public async Task ExportAsync(string idOrName, Stream output, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        await WithRootfsAsync(live, async (rootfs, _) =>
        {
            await Wharf.Snapshots.Layers.LayerDiffer.WriteAsync(rootfs, output, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        Publish(live, "export");
    }

    /// <summary>The overlay upper directory of the container's snapshot: its own changes.</summary>
    private async Task<string> UpperDirectoryAsync(Container record, CancellationToken cancellationToken)
    {
        var mounts = await _snapshots.MountsAsync(ContainerPaths.SnapshotKey(record), cancellationToken).ConfigureAwait(false);
        return mounts.Count == 1 && mounts[0].WritableDirectory is { } upper
            ? upper
            : throw new WharfException(ErrorKind.Internal, $"container {record.Id} has no writable layer");
    }
}
