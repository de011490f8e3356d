using Wharf.Cli.Tests.Connection;

namespace Wharf.Cli.Tests.Commands;

/// <summary>
/// Commands against the answers of an older dockerd (20.10, API 1.41, as Debian ships it), whose
/// JSON has null where newer daemons send empty lists: docker prints them as empty.
/// </summary>
public sealed class OlderDaemonTests
{
    private static FakeDaemon Daemon(Func<string, string?> routes) =>
        FakeDaemon.Answering(r => r.Target == "/_ping"
            ? FakeDaemon.Ping("1.41")
            : routes(r.Target) is string body ? FakeDaemon.Response.Json(body) : FakeDaemon.Response.Error(404, "page not found"));

    [Fact]
    public void Diff_of_an_unchanged_container_prints_nothing()
    {
        using FakeDaemon daemon = Daemon(target => target == "/v1.41/containers/c1/changes" ? "null" : null);
        CliRun.Result result = CliRun.InProcess(["-H", daemon.Address, "diff", "c1"]);
        Assert.Equal(new CliRun.Result(0, "", ""), result);
    }

    [Fact]
    public void Images_lists_an_image_whose_digests_are_null()
    {
        using FakeDaemon daemon = Daemon(target => target.StartsWith("/v1.41/images/json", StringComparison.Ordinal)
            ? """[{"Id":"sha256:f4e67e8f3799d3ed","ParentId":"","RepoTags":["busybox:latest"],"RepoDigests":null,"Created":1700000000,"Size":1987000,"SharedSize":-1,"VirtualSize":1987000,"Labels":null,"Containers":-1}]"""
            : null);
        CliRun.Result result = CliRun.InProcess(["-H", daemon.Address, "images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Digest}}"]);
        Assert.Equal(new CliRun.Result(0, "busybox:latest f4e67e8f3799 <none>\n", ""), result);
    }
}
