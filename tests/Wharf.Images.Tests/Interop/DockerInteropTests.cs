
namespace Wharf.Images.Tests.Interop;

/// <summary>
/// Wharf's save/load against Debian's real dockerd (started per class by <see cref="DockerDaemonFixture"/>):
/// what Wharf saves, Docker loads and runs under the same image ID; what Docker saves (a 2-layer
/// image from import + run + commit), Wharf loads under Docker's names and IDs, unpacks, and runs
/// under wharf-runtime.
/// </summary>
[Trait("Category", "Kernel")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DockerInteropTests(DockerDaemonFixture docker) : IClassFixture<DockerDaemonFixture>
{
    [DockerFact]
    public async Task Wharf_save_loads_into_docker_and_runs_with_the_same_image_id()
    {
        using var wharf = new WharfSide();
        var id = await wharf.ImportAsync(docker.BusyboxTar, "busybox:latest");
        string archive = Path.Join(wharf.World.Root, "wharf-saved.tar");
        await wharf.SaveAsync("busybox:latest", archive);

        string loaded = await docker.DockerAsync("load", "-i", archive);
        Assert.Contains("Loaded image: busybox:latest", loaded);
        Assert.Equal(id.ToString(), (await docker.DockerAsync("image", "inspect", "-f", "{{.Id}}", "busybox:latest")).Trim());

        var inspect = await wharf.Service.InspectAsync("busybox:latest");
        string layers = await docker.DockerAsync("image", "inspect", "-f", "{{json .RootFS.Layers}}", "busybox:latest");
        Assert.Equal(inspect.Config.RootFs.DiffIds.Select(d => d.ToString()), JsonStrings.Parse(layers));
        await AssertSameSizesAsync(wharf, "busybox:latest");

        string passwd = await docker.DockerAsync("run", "--rm", "--network", "none", "busybox:latest", "cat", "/etc/passwd");
        Assert.StartsWith("root:x:0:0:root:/root:/bin/sh", passwd);
    }

    [DockerFact(needsWharfRuntime: true)]
    public async Task Docker_save_of_a_committed_image_loads_into_wharf_unpacks_and_runs()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        string baseName = $"interop-base:{tag}", committedName = $"interop-committed:{tag}", container = $"interop-{tag}";
        await docker.DockerAsync("import", docker.BusyboxTar, baseName);
        await docker.DockerAsync("run", "--name", container, "--network", "none", baseName, "sh", "-c", "echo written-in-docker > /file-from-commit");
        await docker.DockerAsync("commit", container, committedName);
        await docker.DockerAsync("rm", container);
        string dockerId = (await docker.DockerAsync("image", "inspect", "-f", "{{.Id}}", committedName)).Trim();
        var dockerLayers = JsonStrings.Parse(await docker.DockerAsync("image", "inspect", "-f", "{{json .RootFS.Layers}}", committedName));
        Assert.Equal(2, dockerLayers.Length);

        using var wharf = new WharfSide();
        string archive = Path.Join(wharf.World.Root, "docker-saved.tar");
        await docker.DockerAsync("save", "-o", archive, committedName);

        var loaded = Assert.Single(await wharf.LoadAsync(archive));
        Assert.Equal($"docker.io/library/{committedName}", loaded.Name?.ToString());
        Assert.Equal(dockerId, loaded.Id.ToString());
        var image = await wharf.Service.InspectAsync(committedName);
        Assert.Equal([committedName], image.RepoTags);
        Assert.Equal(dockerLayers, image.Config.RootFs.DiffIds.Select(d => d.ToString()));

        await AssertSameSizesAsync(wharf, committedName);

        await InteropAssertions.CommittedFileIsThereAndRunsAsync(wharf, committedName, "written-in-docker\n");
    }

    [DockerFact]
    public async Task A_container_layer_diffed_by_wharf_is_byte_for_byte_the_layer_docker_commits()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        string baseName = $"diff-base:{tag}", committedName = $"diff-committed:{tag}", container = $"diff-{tag}";
        await docker.DockerAsync("import", docker.BusyboxTar, baseName);
        // A new file and directory, a symlink, a deleted file (a whiteout), a mode change (a copy-up)
        // and a directory removed and made again (opaque).
        await docker.DockerAsync("run", "--name", container, "--network", "none", baseName, "sh", "-c",
            "mkdir -p /srv/data && echo hello > /srv/data/f && ln -s f /srv/data/l && rm /bin/ls && chmod 4755 /bin/busybox"
            + " && rm -rf /usr && mkdir /usr && echo x > /usr/x");
        using var wharf = new WharfSide();
        try
        {
            string upper = (await docker.DockerAsync("inspect", "-f", "{{.GraphDriver.Data.UpperDir}}", container)).Trim();
            var ours = new MemoryStream();
            var diff = await Wharf.Snapshots.Layers.LayerDiffer.WriteAsync(upper, ours, CancellationToken.None);
            await docker.DockerAsync("commit", container, committedName);
            string saved = Path.Join(wharf.World.Root, "committed.tar");
            await docker.DockerAsync("save", "-o", saved, committedName);

            byte[] theirs = DockerLayerTar.Top(saved);
            if (Wharf.Core.Digest.Compute(theirs) == diff.DiffId) return; // Docker 23 and later: the very same bytes
            // Docker before 23 also wrote the file type into the mode field and looked up user names.
            Assert.Equal(Convert.ToHexString(ours.ToArray()), Convert.ToHexString(DockerLayerTar.WithoutPre23Fields(theirs)));
        }
        finally
        {
            await docker.TryDockerAsync("rm", container);
        }
    }

    /// <summary>`images`/`inspect` Size and `history` sizes, in bytes, as dockerd reports them for the same image.</summary>
    private async Task AssertSameSizesAsync(WharfSide wharf, string image)
    {
        long dockerSize = long.Parse((await docker.DockerAsync("image", "inspect", "-f", "{{.Size}}", image)).Trim());
        var dockerHistory = (await docker.DockerAsync("history", "--human=false", "--format", "{{.Size}}", image))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse);
        Assert.Equal(dockerSize, (await wharf.Service.InspectAsync(image)).Size);
        Assert.Equal(dockerSize, (await wharf.Service.ListAsync()).Single(s => s.RepoTags.Contains(image)).Size);
        Assert.Equal(dockerHistory, (await wharf.Service.HistoryAsync(image)).Select(h => h.Size));
    }
}
