using Wharf.Core.Images;

namespace Wharf.Core.Tests.Images;

/// <summary>Cases from containerd's platforms compare_test.go.</summary>
public class PlatformMatcherTests
{
    private static Platform P(string specifier) => Platform.Parse(specifier);

    [Theory]
    [InlineData("linux/amd64", "linux/amd64", true)]
    [InlineData("linux/amd64", "linux/x86_64", true)]
    [InlineData("linux/amd64", "linux/386", true)]
    [InlineData("linux/amd64", "linux/arm64", false)]
    [InlineData("linux/amd64", "windows/amd64", false)]
    [InlineData("linux/amd64", "linux/amd64/v2", false)]
    [InlineData("linux/amd64/v3", "linux/amd64/v2", true)]
    [InlineData("linux/amd64/v3", "linux/amd64", true)]
    [InlineData("linux/amd64/v3", "linux/amd64/v4", false)]
    [InlineData("linux/386", "linux/amd64", false)]
    [InlineData("linux/arm64", "linux/arm64/v8", true)]
    [InlineData("linux/arm64", "linux/aarch64", true)]
    [InlineData("linux/arm64", "linux/arm/v8", true)]
    [InlineData("linux/arm64", "linux/arm/v7", true)]
    [InlineData("linux/arm64", "linux/arm", true)]
    [InlineData("linux/arm64", "linux/arm/v6", true)]
    [InlineData("linux/arm64", "linux/arm/v5", true)]
    [InlineData("linux/arm64", "linux/arm64/v8.1", false)]
    [InlineData("linux/arm64/v8.2", "linux/arm64/v8.1", true)]
    [InlineData("linux/arm64/v8.2", "linux/arm64", true)]
    [InlineData("linux/arm64/v8.2", "linux/arm64/v8.3", false)]
    [InlineData("linux/arm64/v9.1", "linux/arm64/v9", true)]
    [InlineData("linux/arm64/v9.1", "linux/arm64/v8.6", true)]
    [InlineData("linux/arm64/v9.1", "linux/arm64/v8.5", true)]
    [InlineData("linux/arm64/v9.1", "linux/arm64/v8.7", false)]
    [InlineData("linux/arm/v7", "linux/arm/v6", true)]
    [InlineData("linux/arm/v7", "linux/arm/v5", true)]
    [InlineData("linux/arm/v7", "linux/arm/v8", false)]
    [InlineData("linux/arm/v6", "linux/arm/v7", false)]
    [InlineData("linux/arm/v5", "linux/arm64", false)]
    public void Matches_the_platform_and_what_it_can_also_run(string wanted, string offered, bool matches)
    {
        Assert.Equal(matches, PlatformMatcher.Only(P(wanted)).Matches(P(offered)));
    }

    [Fact]
    public void Prefers_the_closest_platform()
    {
        var arm64 = PlatformMatcher.Only(P("linux/arm64"));
        Assert.Equal(0, arm64.Rank(P("linux/arm64/v8")));
        Assert.True(arm64.Rank(P("linux/arm/v8")) < arm64.Rank(P("linux/arm/v7")));
        Assert.True(arm64.Rank(P("linux/arm/v7")) < arm64.Rank(P("linux/arm/v5")));
        Assert.Equal(-1, arm64.Rank(P("linux/amd64")));
    }

    [Fact]
    public void A_strict_matcher_takes_no_fallback()
    {
        var strict = PlatformMatcher.Strict(P("linux/amd64"));
        Assert.True(strict.Matches(P("linux/x86_64")));
        Assert.False(strict.Matches(P("linux/386")));
    }

    private static Descriptor Entry(string? platform, char fill) => new()
    {
        MediaType = MediaTypes.OciManifest,
        Digest = Digest.Parse("sha256:" + new string(fill, 64)),
        Size = 100,
        Platform = platform is null ? null : platform == "unknown/unknown"
            ? new Platform { OS = "unknown", Architecture = "unknown" }
            : P(platform),
    };

    [Fact]
    public void Selects_the_hosts_manifest_from_an_index()
    {
        Descriptor[] index =
        [
            Entry("linux/arm64/v8", 'a'),
            Entry("linux/386", 'b'),
            Entry("linux/amd64", 'c'),
            Entry("unknown/unknown", 'd'), // a buildx attestation manifest
            Entry("linux/arm/v7", 'e'),
        ];
        Assert.Equal(index[2], PlatformMatcher.Only(P("linux/amd64")).SelectBest(index));
        Assert.Equal(index[0], PlatformMatcher.Only(P("linux/arm64")).SelectBest(index));
        Assert.Equal(index[4], PlatformMatcher.Only(P("linux/arm/v7")).SelectBest(index));
        Assert.Null(PlatformMatcher.Only(P("linux/s390x")).SelectBest(index));
    }

    [Fact]
    public void Falls_back_to_compatible_then_to_unlabelled_entries()
    {
        Descriptor[] fallback = [Entry("linux/arm64", 'a'), Entry("linux/386", 'b')];
        Assert.Equal(fallback[1], PlatformMatcher.Only(P("linux/amd64")).SelectBest(fallback));

        Descriptor[] unlabelled = [Entry(null, 'a'), Entry("linux/386", 'b')];
        Assert.Equal(unlabelled[1], PlatformMatcher.Only(P("linux/amd64")).SelectBest(unlabelled));
        Assert.Equal(unlabelled[0], PlatformMatcher.Only(P("linux/arm64")).SelectBest(unlabelled));
    }

    [Fact]
    public void Ties_keep_the_index_order()
    {
        Descriptor[] index = [Entry("linux/amd64", 'a'), Entry("linux/x86_64", 'b')];
        Assert.Equal(index[0], PlatformMatcher.Only(P("linux/amd64")).SelectBest(index));
    }
}
