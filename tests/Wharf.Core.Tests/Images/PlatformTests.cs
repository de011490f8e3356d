using Wharf.Core.Images;

namespace Wharf.Core.Tests.Images;

public class PlatformTests
{
    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null, "linux/amd64")]
    [InlineData("linux/x86_64", "linux", "amd64", null, "linux/amd64")]
    [InlineData("linux/x86-64", "linux", "amd64", null, "linux/amd64")]
    [InlineData("Linux/AMD64", "linux", "amd64", null, "linux/amd64")]
    [InlineData("linux/amd64/v3", "linux", "amd64", "v3", "linux/amd64/v3")]
    [InlineData("linux/amd64/v1", "linux", "amd64", null, "linux/amd64")]
    [InlineData("linux/arm64", "linux", "arm64", null, "linux/arm64")]
    [InlineData("linux/aarch64", "linux", "arm64", null, "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux", "arm64", "v8", "linux/arm64/v8")]  // a full specifier keeps its variant
    [InlineData("linux/aarch64/8", "linux", "arm64", "v8", "linux/arm64/v8")]
    [InlineData("linux/arm64/v8.2", "linux", "arm64", "v8.2", "linux/arm64/v8.2")]
    [InlineData("linux/arm", "linux", "arm", null, "linux/arm")]              // v7 is arm's default, not shown
    [InlineData("linux/armhf", "linux", "arm", null, "linux/arm")]
    [InlineData("linux/arm/v7", "linux", "arm", "v7", "linux/arm/v7")]
    [InlineData("linux/arm/7", "linux", "arm", "v7", "linux/arm/v7")]
    [InlineData("linux/armel", "linux", "arm", "v6", "linux/arm/v6")]
    [InlineData("linux/arm/v5", "linux", "arm", "v5", "linux/arm/v5")]
    [InlineData("linux/i386", "linux", "386", null, "linux/386")]
    [InlineData("linux/s390x", "linux", "s390x", null, "linux/s390x")]
    [InlineData("linux/ppc64le", "linux", "ppc64le", null, "linux/ppc64le")]
    [InlineData("macos/arm64", "darwin", "arm64", null, "darwin/arm64")]
    [InlineData("windows/amd64", "windows", "amd64", null, "windows/amd64")]
    public void Parses_and_normalises_specifiers(string specifier, string os, string architecture, string? variant, string formatted)
    {
        var platform = Platform.Parse(specifier);
        Assert.Equal(os, platform.OS);
        Assert.Equal(architecture, platform.Architecture);
        Assert.Equal(variant, platform.Variant);
        Assert.Equal(formatted, platform.ToString());
    }

    [Fact]
    public void Fills_a_lone_component_from_the_host()
    {
        var os = Platform.Parse("linux");
        Assert.Equal("linux", os.OS);
        Assert.Equal(Platform.Host.Architecture, os.Architecture);

        var arch = Platform.Parse("arm64");
        Assert.Equal(Platform.Host.OS, arch.OS);
        Assert.Equal("arm64", arch.Architecture);

        Assert.Equal("386", Platform.Parse("i386").Architecture);
    }

    [Fact]
    public void Reads_an_os_version_and_features()
    {
        var platform = Platform.Parse("windows(10.0.17763+win32k)/amd64");
        Assert.Equal("windows", platform.OS);
        Assert.Equal("10.0.17763", platform.OSVersion);
        Assert.Equal(["win32k"], platform.OSFeatures!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("linux/*")]
    [InlineData("nosuchthing")]
    [InlineData("linux//amd64")]
    [InlineData("linux/amd64/v1/extra")]
    [InlineData("lin ux/amd64")]
    [InlineData("linux/am d64")]
    public void Rejects_invalid_specifiers(string specifier)
    {
        var error = Assert.Throws<WharfException>(() => Platform.Parse(specifier));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith($"invalid platform \"{specifier}\"", error.Message);
        Assert.False(Platform.TryParse(specifier, out _));
    }

    [Fact]
    public void Normalises_image_declared_platforms()
    {
        var declared = new Platform { OS = "Linux", Architecture = "aarch64", Variant = "v8" };
        Assert.Equal(new Platform { OS = "linux", Architecture = "arm64" }, declared.Normalize());
        Assert.Equal(new Platform { OS = "linux", Architecture = "arm", Variant = "v7" }, new Platform { OS = "linux", Architecture = "arm" }.Normalize());
    }

    [Fact]
    public void Compares_os_features_by_content()
    {
        var a = new Platform { OS = "windows", Architecture = "amd64", OSFeatures = ["win32k"] };
        var b = new Platform { OS = "windows", Architecture = "amd64", OSFeatures = new List<string> { "win32k" } };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void The_host_is_linux_on_its_own_architecture()
    {
        Assert.Equal("linux", Platform.Host.OS);
        string expected = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "amd64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        };
        Assert.Equal(expected, Platform.Host.Architecture);
        Assert.True(PlatformMatcher.ForHost.Matches(Platform.Host));
    }
}
