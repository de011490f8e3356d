using Microsoft.AspNetCore.Http;
using Wharf.Daemon.Http;

namespace Wharf.Daemon.Tests;

public class RouteTableTests
{
    private static readonly RequestDelegate List = _ => Task.CompletedTask, Inspect = _ => Task.CompletedTask,
        Push = _ => Task.CompletedTask, Remove = _ => Task.CompletedTask, Container = _ => Task.CompletedTask;

    private static RouteTable Table() => new RouteTable()
        .Get("/images/json", List)
        .Get("/images/{name*}/json", Inspect)
        .Post("/images/{name*}/push", Push)
        .Delete("/images/{name*}", Remove)
        .Get("/containers/{id}/json", Container);

    private static (RequestDelegate? Handler, Dictionary<string, object?> Values) Match(string method, string path)
    {
        var values = new Dictionary<string, object?>();
        return (Table().Match(method, path, values), values);
    }

    [Fact]
    public void Literal_routes_win_over_parameter_routes()
    {
        var (handler, values) = Match("GET", "/images/json");
        Assert.Same(List, handler);
        Assert.Empty(values);
    }

    [Theory]
    [InlineData("/images/busybox/json", "busybox")]
    [InlineData("/images/busybox:1.36/json", "busybox:1.36")]
    [InlineData("/images/localhost:5000/team/app:v1/json", "localhost:5000/team/app:v1")]
    [InlineData("/images/sha256:abc/json", "sha256:abc")]
    [InlineData("/images/json/json", "json")]
    [InlineData("/images/a%2Fb/json", "a/b")]
    public void Names_may_hold_slashes_and_colons(string path, string name)
    {
        var (handler, values) = Match("GET", path);
        Assert.Same(Inspect, handler);
        Assert.Equal(name, values["name"]);
    }

    [Fact]
    public void A_catch_all_at_the_end_takes_the_rest()
    {
        var (handler, values) = Match("DELETE", "/images/docker.io/bob/foo:latest");
        Assert.Same(Remove, handler);
        Assert.Equal("docker.io/bob/foo:latest", values["name"]);
        (handler, values) = Match("POST", "/images/localhost:5000/foo/push");
        Assert.Same(Push, handler);
        Assert.Equal("localhost:5000/foo", values["name"]);
    }

    [Theory]
    [InlineData("GET", "/images//json")]
    [InlineData("GET", "/images/json/extra")]
    [InlineData("POST", "/images/json")]
    [InlineData("GET", "/containers/a/b/json")]
    [InlineData("GET", "/containers//json")]
    [InlineData("GET", "/nothing")]
    [InlineData("GET", "/")]
    public void Anything_else_does_not_match(string method, string path) => Assert.Null(Match(method, path).Handler);

    [Fact]
    public void A_single_segment_parameter_takes_one_segment()
    {
        var (handler, values) = Match("GET", "/containers/abc123/json");
        Assert.Same(Container, handler);
        Assert.Equal("abc123", values["id"]);
    }
}
