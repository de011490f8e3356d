using Wharf.Cli.Formatting;

namespace Wharf.Cli.Tests.Formatting;

/// <summary>Cases from docker/go-units' own tests (size_test.go, duration_test.go) and docker's images column.</summary>
public sealed class UnitsTests
{
    [Theory]
    [InlineData(1000, "1kB")]
    [InlineData(1024, "1.024kB")]
    [InlineData(1000000, "1MB")]
    [InlineData(1048576, "1.049MB")]
    [InlineData(2e6, "2MB")]
    [InlineData(3.42e9, "3.42GB")]
    [InlineData(5.372e12, "5.372TB")]
    [InlineData(2.22e15, "2.22PB")]
    [InlineData(1e28, "1e+04YB")]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    public void HumanSize_uses_decimal_units_and_four_digits(double size, string expected) => Assert.Equal(expected, Units.HumanSize(size));

    [Theory]
    [InlineData(1234567, "1.23MB")]
    [InlineData(4_860_000, "4.86MB")]
    [InlineData(77_800_000, "77.8MB")]
    [InlineData(999_999, "1e+03kB")]
    public void Images_column_uses_three_digits(double size, string expected) => Assert.Equal(expected, Units.HumanSize(size, 3));

    [Theory]
    [InlineData(1024, "1KiB")]
    [InlineData(1048576, "1MiB")]
    [InlineData(2 * 1048576.0, "2MiB")]
    [InlineData(3.42 * 1073741824, "3.42GiB")]
    [InlineData(5.372 * 1099511627776, "5.372TiB")]
    [InlineData(2.22 * 1125899906842624, "2.22PiB")]
    [InlineData(1024.0 * 1024 * 1024 * 1024 * 1024 * 1125899906842624, "1.049e+06YiB")]
    public void BytesSize_uses_binary_units(double size, string expected) => Assert.Equal(expected, Units.BytesSize(size));

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(15, "15 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(60 * 5, "5 minutes")]
    [InlineData(60 * 60, "About an hour")]
    [InlineData(60 * 60 * 2, "2 hours")]
    [InlineData(60 * 60 * 47.4, "47 hours")]
    [InlineData(60 * 60 * 48, "2 days")]
    [InlineData(60 * 60 * 24 * 7 * 2, "2 weeks")]
    [InlineData(60 * 60 * 24 * 30 * 3, "3 months")]
    [InlineData(60 * 60 * 24 * 365 * 2, "2 years")]
    public void HumanDuration_reads_like_docker(double seconds, string expected) =>
        Assert.Equal(expected, Units.HumanDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Ago_is_the_created_column()
    {
        var now = new DateTimeOffset(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("2 hours ago", Units.Ago(now.AddHours(-2), now));
    }

    [Theory]
    [InlineData("sha256:4c01db0b339cfe1b8a1ad4b1d4bb7bdc3a2fb4f2b0d0e3e8b5f5b6c7d8e9f0a1", "4c01db0b339c")]
    [InlineData("4c01db0b339cfe1b8a1ad4b1d4bb7bdc3a2fb4f2b0d0e3e8b5f5b6c7d8e9f0a1", "4c01db0b339c")]
    [InlineData("abc", "abc")]
    public void ShortId_drops_the_algorithm_and_keeps_12_characters(string id, string expected) => Assert.Equal(expected, Units.ShortId(id));

    [Theory]
    [InlineData("32", 32)]
    [InlineData("32b", 32)]
    [InlineData("32k", 32768)]
    [InlineData("32Kb", 32768)]
    [InlineData("32Mb", 33554432)]
    [InlineData("32Gb", 34359738368)]
    [InlineData("32PB", 36028797018963968)]
    [InlineData("1.5g", 1610612736)]
    [InlineData("512 MiB", 536870912)]
    public void RamInBytes_parses_binary_sizes(string text, long expected) => Assert.Equal(expected, Units.RamInBytes(text));

    [Theory]
    [InlineData("hello", "invalid size: 'hello'")]
    [InlineData("-32", "invalid size: '-32'")]
    [InlineData("32 bb", "invalid suffix: 'bb'")]
    [InlineData("32x", "invalid suffix: 'x'")]
    public void RamInBytes_rejects_with_go_units_messages(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => Units.RamInBytes(text)).Message);
}
