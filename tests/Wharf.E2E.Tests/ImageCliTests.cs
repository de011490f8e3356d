using System.Text.RegularExpressions;

namespace Wharf.E2E.Tests;

/// <summary>The image commands of the real docker CLI against wharfd: import, images, tag, history, inspect, rmi, save, load, prune.</summary>
[Collection("wharfd")]
public class ImageCliTests(WharfdFixture fixture)
{
    private WharfdInstance Daemon => fixture.Daemon;

    /// <summary>docker import of the busybox rootfs as NAME (CMD sh, PATH set); returns the image ID it printed.</summary>
    private async Task<string> ImportAsync(string? name, string message = "e2e import")
    {
        string tar = await Daemon.BusyboxTarAsync();
        var args = new List<string> { "import", "--change", "CMD [\"sh\"]", "--change", "ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin", "-m", message, tar };
        if (name is not null) args.Add(name);
        var result = (await Daemon.DockerAsync([.. args])).Succeeded();
        string id = result.Stdout.Trim();
        Assert.Matches("^sha256:[0-9a-f]{64}$", id);
        return id;
    }

    private static string Short(string id) => id["sha256:".Length..][..12];

    [BusyboxFact]
    public async Task Import_then_images_shows_a_row_with_the_short_id()
    {
        string name = WharfdFixture.UniqueName("imp");
        string id = await ImportAsync($"{name}:v1");

        var images = (await Daemon.DockerAsync("images", name)).Succeeded();
        string[] lines = images.Stdout.TrimEnd().Split('\n');
        Assert.Matches(@"^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Matches($@"^{name}\s+v1\s+{Short(id)}\s+(Less than a second|\d+ seconds?) ago\s+\d+(\.\d+)?MB$", lines[1]);

        var quiet = (await Daemon.DockerAsync("images", "-q", name)).Succeeded();
        Assert.Equal(Short(id), quiet.Stdout.Trim());
    }

    [BusyboxFact]
    public async Task Inspect_reads_the_config_the_changes_made()
    {
        string name = WharfdFixture.UniqueName("insp");
        string id = await ImportAsync(name, "made by e2e");

        Assert.Equal(id, (await Daemon.DockerAsync("image", "inspect", "-f", "{{.Id}}", name)).Succeeded().Stdout.Trim());
        Assert.Equal("[\"sh\"]", (await Daemon.DockerAsync("image", "inspect", "-f", "{{json .Config.Cmd}}", name)).Succeeded().Stdout.Trim());
        Assert.Contains("PATH=/usr/sbin:/usr/bin:/sbin:/bin", (await Daemon.DockerAsync("image", "inspect", "-f", "{{.Config.Env}}", name)).Succeeded().Stdout);
        Assert.Equal("linux made by e2e", (await Daemon.DockerAsync("image", "inspect", "-f", "{{.Os}} {{.Comment}}", name)).Succeeded().Stdout.Trim());
        Assert.Equal($"[{name}:latest]", (await Daemon.DockerAsync("image", "inspect", "-f", "{{.RepoTags}}", name)).Succeeded().Stdout.Trim());
        // By ID, by short ID.
        Assert.Equal(id, (await Daemon.DockerAsync("image", "inspect", "-f", "{{.Id}}", Short(id))).Succeeded().Stdout.Trim());
        // The whole document parses as the CLI's types (no format: plain JSON array).
        var whole = (await Daemon.DockerAsync("image", "inspect", name)).Succeeded();
        Assert.StartsWith("[", whole.Stdout.TrimStart());
        Assert.Contains("\"RootFS\"", whole.Stdout);
    }

    [BusyboxFact]
    public async Task History_lists_the_import_step()
    {
        string name = WharfdFixture.UniqueName("hist");
        string id = await ImportAsync(name, "history comment");
        var history = (await Daemon.DockerAsync("history", name)).Succeeded();
        string[] lines = history.Stdout.TrimEnd().Split('\n');
        Assert.Matches(@"^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$", lines[0]);
        Assert.Matches($@"^{Short(id)}\s+.*ago\s+.*\d+(\.\d+)?MB\s+history comment$", lines[1]);
        var format = (await Daemon.DockerAsync("history", "--no-trunc", "--format", "{{.ID}}|{{.Comment}}", name)).Succeeded();
        Assert.Equal($"{id}|history comment", format.Stdout.Trim());
    }

    [BusyboxFact]
    public async Task Tag_adds_a_name_with_a_registry_and_path_and_rmi_takes_names_then_the_image()
    {
        string name = WharfdFixture.UniqueName("tag");
        string id = await ImportAsync($"{name}:v1");
        string other = $"localhost:5000/team/{name}:v2";
        (await Daemon.DockerAsync("tag", $"{name}:v1", other)).Succeeded();
        Assert.Equal(id, (await Daemon.DockerAsync("image", "inspect", "-f", "{{.Id}}", other)).Succeeded().Stdout.Trim());
        var both = (await Daemon.DockerAsync("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")).Succeeded();
        Assert.Contains($"{name}:v1 {Short(id)}", both.Stdout);
        Assert.Contains($"localhost:5000/team/{name}:v2 {Short(id)}", both.Stdout);

        var untag = (await Daemon.DockerAsync("rmi", other)).Succeeded();
        Assert.Equal($"Untagged: {other}", untag.Stdout.Trim());
        var remove = (await Daemon.DockerAsync("rmi", $"{name}:v1")).Succeeded();
        Assert.Equal($"Untagged: {name}:v1\nDeleted: {id}", remove.Stdout.Trim());

        var gone = await Daemon.DockerAsync("image", "inspect", name + ":v1");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains($"No such image: {name}:v1", gone.Stderr);
    }

    [BusyboxFact]
    public async Task Rmi_by_id_of_an_image_with_names_in_two_repositories_needs_force()
    {
        string name = WharfdFixture.UniqueName("force");
        string id = await ImportAsync(name);
        (await Daemon.DockerAsync("tag", name, $"{name}-copy:latest")).Succeeded();
        var refused = await Daemon.DockerAsync("rmi", Short(id));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("must be forced", refused.Stderr);
        var forced = (await Daemon.DockerAsync("rmi", "-f", Short(id))).Succeeded();
        Assert.Contains($"Deleted: {id}", forced.Stdout);
    }

    [BusyboxFact]
    public async Task Save_and_load_round_trip_keeps_the_id_and_names()
    {
        string name = WharfdFixture.UniqueName("save");
        string id = await ImportAsync($"{name}:v1");
        string archive = Path.Join(Daemon.Root, $"{name}.tar");
        (await Daemon.DockerAsync("save", "-o", archive, $"{name}:v1")).Succeeded();
        Assert.True(new FileInfo(archive).Length > 100_000);
        var listing = (await CommandResult.RunAsync("tar", ["tf", archive])).Succeeded();
        Assert.Contains("manifest.json", listing.Stdout);
        Assert.Contains("index.json", listing.Stdout);

        (await Daemon.DockerAsync("rmi", $"{name}:v1")).Succeeded();
        var load = (await Daemon.DockerAsync("load", "-i", archive)).Succeeded();
        Assert.Equal($"Loaded image: {name}:v1", load.Stdout.Trim());
        Assert.Equal(id, (await Daemon.DockerAsync("image", "inspect", "-f", "{{.Id}}", $"{name}:v1")).Succeeded().Stdout.Trim());
    }

    [BusyboxFact]
    public async Task Save_to_stdout_streams_the_tar()
    {
        string name = WharfdFixture.UniqueName("stdout");
        await ImportAsync(name);
        var raw = await Daemon.Http.Client.GetAsync($"/v1.50/images/get?names={name}");
        Assert.Equal(System.Net.HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("application/x-tar", raw.Content.Headers.ContentType?.MediaType);
        byte[] tar = await raw.Content.ReadAsByteArrayAsync();
        Assert.Equal("ustar", System.Text.Encoding.ASCII.GetString(tar, 257, 5));
    }

    [BusyboxFact]
    public async Task Image_prune_deletes_dangling_images_only()
    {
        string keep = WharfdFixture.UniqueName("keep");
        string kept = await ImportAsync(keep);
        string dangling = await ImportAsync(null);
        var listed = (await Daemon.DockerAsync("images", "-q", "--filter", "dangling=true")).Succeeded();
        Assert.Contains(Short(dangling), listed.Stdout);
        Assert.DoesNotContain(Short(kept), listed.Stdout);

        var prune = (await Daemon.DockerAsync("image", "prune", "-f")).Succeeded();
        Assert.Contains("Deleted Images:", prune.Stdout);
        Assert.Contains($"deleted: {dangling}", prune.Stdout);
        Assert.Matches(@"Total reclaimed space: \d", prune.Stdout);
        Assert.Equal(kept, (await Daemon.DockerAsync("image", "inspect", "-f", "{{.Id}}", keep)).Succeeded().Stdout.Trim());
        Assert.Equal(1, (await Daemon.DockerAsync("image", "inspect", dangling)).ExitCode);
    }

    [BusyboxFact]
    public async Task Images_filters_by_reference()
    {
        string name = WharfdFixture.UniqueName("ref");
        string id = await ImportAsync($"{name}:v1");
        var filtered = (await Daemon.DockerAsync("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", $"reference={name}:*")).Succeeded();
        Assert.Equal($"{name}:v1", filtered.Stdout.Trim());
        var none = (await Daemon.DockerAsync("images", "-q", "--filter", "reference=no-such-repository-anywhere")).Succeeded();
        Assert.Equal("", none.Stdout.Trim());
        var bad = await Daemon.DockerAsync("images", "--filter", "colour=red");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("invalid filter 'colour'", bad.Stderr);
        _ = id;
    }

    [BusyboxFact]
    public async Task Pull_of_a_local_image_is_up_to_date_and_of_another_is_a_clear_error()
    {
        string name = WharfdFixture.UniqueName("pull");
        await ImportAsync(name);
        var local = (await Daemon.DockerAsync("pull", name)).Succeeded();
        Assert.Contains($"Status: Image is up to date for {name}:latest", local.Stdout);

        var missing = await Daemon.DockerAsync("pull", "no-such-image-anywhere:1.0");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("pulling from registries is not supported by wharfd yet", missing.Stderr);
    }

    [DockerCliFact]
    public async Task Missing_images_are_reported_as_docker_reports_them()
    {
        var inspect = await Daemon.DockerAsync("image", "inspect", "nosuch");
        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("Error response from daemon: No such image: nosuch:latest", inspect.Stderr);

        var rmi = await Daemon.DockerAsync("rmi", "nosuch");
        Assert.Equal(1, rmi.ExitCode);
        Assert.Contains("No such image: nosuch:latest", rmi.Stderr);

        var history = await Daemon.DockerAsync("history", "registry.example:5000/a/b:c");
        Assert.Equal(1, history.ExitCode);
        Assert.Contains("No such image: registry.example:5000/a/b:c", history.Stderr);

        var tag = await Daemon.DockerAsync("tag", "nosuch", "other");
        Assert.Equal(1, tag.ExitCode);
        Assert.Contains("No such image: nosuch:latest", tag.Stderr);

        var save = await Daemon.DockerAsync("save", "-o", Path.Join(Daemon.Root, "none.tar"), "nosuch");
        Assert.Equal(1, save.ExitCode);
        Assert.Contains("No such image", save.Stderr);
    }

    [DockerCliFact]
    public async Task A_bad_archive_is_refused_with_a_reason()
    {
        string junk = Path.Join(Daemon.Root, "junk.tar");
        await File.WriteAllTextAsync(junk, "this is not a tar archive at all, just text" + new string('x', 2000));
        var load = await Daemon.DockerAsync("load", "-i", junk);
        Assert.Equal(1, load.ExitCode);
        Assert.Matches(new Regex("archive|tar", RegexOptions.IgnoreCase), load.Stderr);
        var import = await Daemon.DockerAsync("import", junk, WharfdFixture.UniqueName("junk"));
        Assert.Equal(1, import.ExitCode);
        Assert.Contains("not a tar file", import.Stderr);
        Assert.False(Daemon.HasExited);
    }
}
