using Wharf.Core;

namespace Wharf.Containers.Tests.Listing;

public sealed class ContainerFiltersTests
{
    // Oldest first: a(0) b(1) c(2) d(3) e(4).
    private static readonly Container A = Records.Make("a1", "alpha", 0, ContainerStatus.Exited, exitCode: 0, labels: new Dictionary<string, string> { ["tier"] = "web", ["env"] = "prod" });
    private static readonly Container B = Records.Make("b2", "beta", 1, ContainerStatus.Running, labels: new Dictionary<string, string> { ["tier"] = "db" }, imageId: "sha256:bbbb");
    private static readonly Container C = Records.Make("c3", "gamma", 2, ContainerStatus.Exited, exitCode: 137);
    private static readonly Container D = Records.Make("c4", "delta", 3, ContainerStatus.Created);
    private static readonly Container E = Records.Make("e5", "web-1", 4, ContainerStatus.Paused, labels: new Dictionary<string, string> { ["tier"] = "web" });
    private static readonly Container[] All = [C, A, E, B, D];

    private static async Task<string[]> List(bool all = true, int limit = 0, params (string Key, string Value)[] filters)
    {
        var parsed = ContainerFilters.Parse(filters.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(f => f.Value).ToList()));
        var list = await ContainerList.SelectAsync(All, new ContainerListOptions { All = all, Limit = limit, Filters = parsed },
            (reference, _) => Task.FromResult<IReadOnlyCollection<string>>(reference switch
            {
                "busybox" => ["sha256:aaaa"],
                "base" => ["sha256:aaaa", "sha256:bbbb"], // an image and one built on it
                _ => [],
            }));
        return list.Select(c => c.ShortName).ToArray();
    }

    [Fact]
    public async Task Lists_newest_first_running_only_unless_all()
    {
        Assert.Equal(new string[] { "web-1", "beta" }, await List(all: false));
        Assert.Equal(new string[] { "web-1", "delta", "gamma", "beta", "alpha" }, await List());
    }

    [Fact]
    public async Task A_limit_takes_the_newest_whatever_their_state()
    {
        Assert.Equal(new string[] { "web-1", "delta" }, await List(all: false, limit: 2));
    }

    [Theory]
    [InlineData("name", "alpha", new[] { "alpha" })]
    [InlineData("name", "/alpha", new[] { "alpha" })]
    [InlineData("name", "a$", new[] { "delta", "gamma", "beta", "alpha" })] // a regular expression found in the name
    [InlineData("name", "^web", new[] { "web-1" })]
    [InlineData("name", "[", new string[0])] // an invalid pattern matches only itself
    [InlineData("id", "c", new string[0])] // two ids start with "c": Docker's unique-prefix lookup fails, the value matches nothing
    [InlineData("id", "c3", new[] { "gamma" })]
    [InlineData("label", "tier", new[] { "web-1", "beta", "alpha" })]
    [InlineData("label", "tier=web", new[] { "web-1", "alpha" })]
    [InlineData("status", "exited", new[] { "gamma", "alpha" })]
    [InlineData("status", "paused", new[] { "web-1" })]
    [InlineData("exited", "137", new[] { "gamma" })]
    [InlineData("exited", "0", new[] { "alpha" })] // not the created one, whose exit code is 0 too
    [InlineData("ancestor", "busybox", new[] { "web-1", "delta", "gamma", "alpha" })]
    [InlineData("ancestor", "base", new[] { "web-1", "delta", "gamma", "beta", "alpha" })]
    [InlineData("ancestor", "unknown", new string[0])]
    [InlineData("before", "gamma", new[] { "beta", "alpha" })]
    [InlineData("since", "gamma", new[] { "web-1", "delta" })]
    [InlineData("since", "c3", new[] { "web-1", "delta" })]
    [InlineData("health", "none", new[] { "web-1", "delta", "gamma", "beta", "alpha" })]
    [InlineData("health", "healthy", new string[0])]
    [InlineData("is-task", "true", new string[0])]
    [InlineData("is-task", "false", new[] { "web-1", "delta", "gamma", "beta", "alpha" })]
    [InlineData("volume", "/data", new string[0])]
    [InlineData("network", "bridge", new string[0])]
    public async Task Each_filter_selects_as_docker_does(string key, string value, string[] expected)
    {
        Assert.Equal(expected, await List(filters: (key, value)));
    }

    [Fact]
    public async Task Values_of_a_key_are_alternatives_and_keys_combine()
    {
        Assert.Equal(new string[] { "gamma", "alpha" }, await List(filters: [("name", "alpha"), ("name", "gamma")]));
        Assert.Equal(new string[] { "alpha" }, await List(filters: [("label", "tier=web"), ("label", "env=prod")])); // label values must all match
        Assert.Equal(new string[] { "web-1" }, await List(filters: [("label", "tier=web"), ("status", "paused")]));
        Assert.Equal(new string[] { "alpha" }, await List(filters: [("id", "a1"), ("name", "alpha")]));
        Assert.Empty(await List(filters: [("id", "a1"), ("name", "beta")]));
    }

    [Fact]
    public async Task A_status_filter_lists_stopped_containers_without_all()
    {
        Assert.Equal(new string[] { "gamma", "alpha" }, await List(all: false, filters: ("status", "exited")));
    }

    [Theory]
    [InlineData("colour", "red", "invalid filter 'colour'")]
    [InlineData("status", "stopped", "invalid filter 'status=stopped': invalid value for state (stopped): must be one of created, running, paused, restarting, removing, exited, dead")]
    [InlineData("exited", "x", "invalid filter 'exited=x': strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("health", "ill", "invalid filter 'health=ill': invalid value for health (ill): must be one of starting, healthy, unhealthy, none")]
    [InlineData("is-task", "maybe", "invalid filter 'is-task=[maybe]'")]
    [InlineData("publish", "80:80", "filter for 'publish' should not contain ':': 80:80")]
    public void Bad_filters_get_dockers_messages(string key, string value, string message)
    {
        var e = Assert.Throws<WharfException>(() => ContainerFilters.Parse(new Dictionary<string, IReadOnlyList<string>> { [key] = [value] }));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task Before_an_unknown_container_is_not_found()
    {
        var e = await Assert.ThrowsAsync<WharfException>(() => List(filters: ("before", "ghost")));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal("No such container: ghost", e.Message);
    }

    [Fact]
    public async Task Ports_volumes_and_networks_match_what_the_record_holds()
    {
        var web = Records.Make("f1", "front", 10, ContainerStatus.Running) with
        {
            Config = new ContainerConfig { ExposedPorts = new Dictionary<string, Core.Oci.EmptyObject> { ["80/tcp"] = Core.Oci.EmptyObject.Instance } },
            HostSettings = new HostSettings { PortBindings = new Dictionary<string, IReadOnlyList<PortBinding>> { ["80/tcp"] = [new PortBinding { HostPort = "8080" }] } },
            Mounts = [new ContainerMountPoint { Type = "volume", Name = "data", Destination = "/var/lib/data" }],
            Networks = new Dictionary<string, ContainerEndpoint> { ["bridge"] = new ContainerEndpoint { NetworkId = "9f8e7d" } },
        };
        async Task<int> Count(string key, string value) => (await ContainerList.SelectAsync([web], new ContainerListOptions
        {
            All = true,
            Filters = ContainerFilters.Parse(new Dictionary<string, IReadOnlyList<string>> { [key] = [value] }),
        })).Count;
        Assert.Equal(1, await Count("expose", "80"));
        Assert.Equal(1, await Count("expose", "79-81/tcp"));
        Assert.Equal(0, await Count("expose", "80/udp"));
        Assert.Equal(1, await Count("publish", "8080"));
        Assert.Equal(0, await Count("publish", "80"));
        Assert.Equal(1, await Count("volume", "data"));
        Assert.Equal(1, await Count("volume", "/var/lib/data"));
        Assert.Equal(0, await Count("volume", "other"));
        Assert.Equal(1, await Count("network", "bridge"));
        Assert.Equal(1, await Count("network", "9f8e"));
        Assert.Equal(0, await Count("network", "host"));
    }

    [Fact]
    public void A_pathological_name_pattern_cannot_hang_the_listing()
    {
        var filters = ContainerFilters.Parse(new Dictionary<string, IReadOnlyList<string>> { ["name"] = ["(a+)+$"] });
        var started = DateTime.UtcNow;
        Assert.False(filters.MatchesName("/" + new string('a', 5000) + "!"));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }
}
