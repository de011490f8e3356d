
namespace Wharf.Images.Tests.Interop;

/// <summary>
/// Wharf's save/load against podman (own temp storage, runc; see <see cref="PodmanFixture"/>):
/// what Wharf saves, podman loads and runs under the same image ID; what podman saves as a
/// docker-archive or an oci-archive (a 2-layer image from import + run + commit), Wharf loads under
/// podman's name and ID, unpacks, and runs under wharf-runtime.
/// </summary>
[Trait("Category", "Kernel")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PodmanInteropTests(PodmanFixture podman) : IClassFixture<PodmanFixture>
{
    [PodmanFact]
    public async Task Wharf_save_loads_into_podman_and_runs_with_the_same_image_id()
    {
        using var wharf = new WharfSide();
        var id = await wharf.ImportAsync(podman.BusyboxTar, "busybox:latest");
        string archive = Path.Join(wharf.World.Root, "wharf-saved.tar");
        await wharf.SaveAsync("busybox:latest", archive);

        string loaded = await podman.PodmanAsync("load", "-i", archive);
        Assert.Contains("docker.io/library/busybox:latest", loaded);
        Assert.Equal(id.Hex, (await podman.PodmanAsync("image", "inspect", "-f", "{{.Id}}", "docker.io/library/busybox:latest")).Trim());

        string passwd = await podman.PodmanAsync(["run", "--rm", .. PodmanFixture.RunFlags, "docker.io/library/busybox:latest", "cat", "/etc/passwd"]);
        Assert.StartsWith("root:x:0:0:root:/root:/bin/sh", passwd);
    }

    [PodmanFact(needsWharfRuntime: true)]
    public Task Podman_docker_archive_of_a_committed_image_loads_into_wharf_unpacks_and_runs() =>
        PodmanSaveLoadsIntoWharfAsync("docker-archive");

    [PodmanFact(needsWharfRuntime: true)]
    public Task Podman_oci_archive_of_a_committed_image_loads_into_wharf_unpacks_and_runs() =>
        PodmanSaveLoadsIntoWharfAsync("oci-archive");

    private async Task PodmanSaveLoadsIntoWharfAsync(string format)
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        string baseName = $"localhost/interop-base:{tag}", committedName = $"localhost/interop-committed:{tag}", container = $"interop-{tag}";
        await podman.PodmanAsync("import", podman.BusyboxTar, baseName);
        await podman.PodmanAsync(["run", "--name", container, .. PodmanFixture.RunFlags, baseName, "sh", "-c", $"echo written-in-podman-{format} > /file-from-commit"]);
        await podman.PodmanAsync("commit", container, committedName);
        await podman.PodmanAsync("rm", container);
        string podmanId = (await podman.PodmanAsync("image", "inspect", "-f", "{{.Id}}", committedName)).Trim();
        var podmanLayers = JsonStrings.Parse(await podman.PodmanAsync("image", "inspect", "-f", "{{json .RootFS.Layers}}", committedName));
        Assert.Equal(2, podmanLayers.Length);

        using var wharf = new WharfSide();
        string archive = Path.Join(wharf.World.Root, $"podman-{format}.tar");
        await podman.PodmanAsync("save", "--format", format, "-o", archive, committedName);

        var loaded = Assert.Single(await wharf.LoadAsync(archive));
        Assert.Equal(committedName, loaded.Name?.ToString());
        Assert.Equal(podmanId, loaded.Id.Hex);
        var image = await wharf.Service.InspectAsync(committedName);
        Assert.Equal(podmanLayers, image.Config.RootFs.DiffIds.Select(d => d.ToString()));

        await InteropAssertions.CommittedFileIsThereAndRunsAsync(wharf, committedName, $"written-in-podman-{format}\n");
    }
}
