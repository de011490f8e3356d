namespace Wharf.Api.Tests;

public class SignalNamesTests
{
    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("SIGTERM", 15)]
    [InlineData("sigterm", 15)]
    [InlineData("15", 15)]
    [InlineData("KILL", 9)]
    [InlineData("WINCH", 28)]
    [InlineData("INT", 2)]
    [InlineData("IOT", 6)]
    [InlineData("RTMIN", 34)]
    [InlineData("RTMIN+3", 37)]
    [InlineData("SIGRTMAX-1", 63)]
    [InlineData("64", 64)]
    public void Parses_names_and_numbers(string text, int signal) => Assert.Equal(signal, SignalNames.Parse(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("65")]
    [InlineData("FOO")]
    [InlineData("SIG")]
    [InlineData("")]
    [InlineData("RTMIN+16")]
    public void Refuses_others_with_dockers_message(string text)
    {
        var e = Assert.Throws<ApiRequestException>(() => SignalNames.Parse(text));
        Assert.Equal($"Invalid signal: {text}", e.Message);
    }

    [Theory]
    [InlineData(15, "TERM")]
    [InlineData(6, "ABRT")]
    [InlineData(17, "CHLD")]
    [InlineData(35, "RTMIN+1")]
    [InlineData(60, "RTMAX-4")]
    public void Names_numbers(int signal, string name) => Assert.Equal(name, SignalNames.Name(signal));
}
