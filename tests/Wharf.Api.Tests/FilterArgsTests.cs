namespace Wharf.Api.Tests;

public class FilterArgsTests
{
    [Fact]
    public void Reads_the_current_shape()
    {
        var args = FilterArgs.Parse("""{"reference":{"alpine":true,"busybox":true},"dangling":{"false":true}}""");
        Assert.Equal(["alpine", "busybox"], args.Get("reference"));
        Assert.Equal(["false"], args.Get("dangling"));
        Assert.Empty(args.Get("label"));
    }

    [Fact]
    public void Reads_the_legacy_list_shape()
    {
        var args = FilterArgs.Parse("""{"label":["a=b","c"]}""");
        Assert.Equal(["a=b", "c"], args.Get("label"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("null")]
    public void Empty_input_gives_no_filters(string? json) => Assert.True(FilterArgs.Parse(json).IsEmpty);

    [Theory]
    [InlineData("{")]
    [InlineData("[1]")]
    [InlineData("""{"a":1}""")]
    [InlineData("""{"a":{"b":"yes"}}""")]
    [InlineData("""{"a":[1]}""")]
    public void Malformed_filters_are_a_request_error(string json)
    {
        var e = Assert.Throws<ApiRequestException>(() => FilterArgs.Parse(json));
        Assert.StartsWith("invalid filter", e.Message);
    }

    [Fact]
    public void Validate_names_the_unknown_key_as_docker_does()
    {
        var args = FilterArgs.Parse("""{"dangling":{"true":true},"colour":{"red":true}}""");
        var e = Assert.Throws<ApiRequestException>(() => args.Validate("dangling", "label"));
        Assert.Equal("invalid filter 'colour'", e.Message);
        args.Validate("dangling", "colour");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    public void Booleans_read_as_moby_reads_them(string value, bool expected) =>
        Assert.Equal(expected, new FilterArgs().Add("dangling", value).GetBool("dangling", !expected));

    [Fact]
    public void Conflicting_or_odd_booleans_are_refused()
    {
        Assert.True(new FilterArgs().GetBool("dangling", true));
        var both = new FilterArgs().Add("dangling", "true").Add("dangling", "false");
        Assert.Equal("invalid filter 'dangling=false,true'", Assert.Throws<ApiRequestException>(() => both.GetBool("dangling", true)).Message);
        var odd = new FilterArgs().Add("dangling", "maybe");
        Assert.Equal("invalid filter 'dangling=maybe'", Assert.Throws<ApiRequestException>(() => odd.GetBool("dangling", true)).Message);
    }

    [Fact]
    public void Round_trips_through_json_and_pairs()
    {
        var args = new FilterArgs().Add("reference", "alpine").Add("label", "a=b").Add("label", "c");
        string json = args.ToJson();
        Assert.Equal("""{"label":{"a=b":true,"c":true},"reference":{"alpine":true}}""", json);
        Assert.Equal(["label=a=b", "label=c", "reference=alpine"], FilterArgs.Parse(json).Pairs());
        Assert.Equal("", FilterArgs.Empty.ToJson());
    }

    [Fact]
    public void ExactMatch_is_true_without_the_key()
    {
        var args = new FilterArgs().Add("name", "web");
        Assert.True(args.ExactMatch("name", "web"));
        Assert.False(args.ExactMatch("name", "db"));
        Assert.True(args.ExactMatch("id", "anything"));
    }
}
