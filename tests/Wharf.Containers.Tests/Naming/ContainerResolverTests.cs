using Wharf.Core;

namespace Wharf.Containers.Tests.Naming;

public sealed class ContainerResolverTests
{
    private static readonly Container Web = Records.Make("abc123", "web");
    private static readonly Container Db = Records.Make("abd456", "db");
    private static readonly Container Tricky = Records.Make("ff00", "abc1"); // a name that looks like Web's id prefix
    private readonly ContainerResolver _resolver = new([Web, Db, Tricky]);

    [Theory]
    [InlineData("web", "abc123")]
    [InlineData("/web", "abc123")]
    [InlineData("abc12", "abc123")]
    [InlineData("abd", "abd456")]
    [InlineData("abc1", "ff00")] // an exact name wins over an id prefix, as in Docker
    [InlineData("f", "ff00")]
    public void Finds_by_name_with_or_without_slash_then_by_unique_prefix(string reference, string idPrefix)
    {
        Assert.Equal(Records.Id(idPrefix), _resolver.Resolve(reference).Id);
    }

    [Fact]
    public void A_full_id_is_found_first()
    {
        Assert.Same(Db, _resolver.Resolve(Db.Id));
    }

    [Fact]
    public void Unknown_is_not_found_with_dockers_message()
    {
        var e = Assert.Throws<WharfException>(() => _resolver.Resolve("nope"));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal("No such container: nope", e.Message);
        Assert.Null(_resolver.TryResolve("nope"));
    }

    [Fact]
    public void An_ambiguous_prefix_is_an_error()
    {
        var e = Assert.Throws<WharfException>(() => _resolver.Resolve("ab"));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("multiple IDs found with provided prefix: ab", e.Message);
    }

    [Fact]
    public void An_empty_reference_is_invalid()
    {
        Assert.Equal("invalid name or ID supplied: \"\"", Assert.Throws<WharfException>(() => _resolver.Resolve("")).Message);
    }
}
