namespace Wharf.Api.Tests;

public class ApiVersionTests
{
    [Theory]
    [InlineData("1.41", 1, 41)]
    [InlineData("1.9", 1, 9)]
    [InlineData("1", 1, 0)]
    [InlineData("2.0", 2, 0)]
    public void Parses_major_and_minor(string text, int major, int minor) =>
        Assert.Equal(new ApiVersion(major, minor), ApiVersion.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1.2.3")]
    [InlineData("v1.41")]
    [InlineData("1.-1")]
    [InlineData("1.9999999999")]
    public void Rejects_what_is_not_a_version(string text) => Assert.False(ApiVersion.TryParse(text, out _));

    [Fact]
    public void Compares_numerically_not_as_text()
    {
        Assert.True(ApiVersion.Parse("1.9") < ApiVersion.Parse("1.10"));
        Assert.True(ApiVersion.Parse("1.50") > ApiVersion.Parse("1.41"));
        Assert.True(ApiVersion.Parse("2.0") > ApiVersion.Parse("1.99"));
        Assert.Equal("1.50", ApiVersion.Max.ToString());
        Assert.Equal("1.24", ApiVersion.Min.ToString());
        Assert.Equal(ApiVersion.Max, ApiVersion.Default);
    }

    [Fact]
    public void Too_old_and_too_new_have_mobys_messages()
    {
        Assert.Equal("client version 1.10 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version",
            ApiVersion.Unsupported("1.10", ApiVersion.Parse("1.10")));
        Assert.Equal("client version 1.99 is too new. Maximum supported API version is 1.50",
            ApiVersion.Unsupported("1.99", ApiVersion.Parse("1.99")));
        Assert.Null(ApiVersion.Unsupported("1.24", ApiVersion.Parse("1.24")));
        Assert.Null(ApiVersion.Unsupported("1.50", ApiVersion.Parse("1.50")));
    }
}
