using Wharf.Core;
using Wharf.Images.Changes;

namespace Wharf.Images.Tests.Changes;

public sealed class ImageChangesTests
{
    [Fact]
    public void Forms_of_each_instruction()
    {
        var config = ImageChanges.Apply(null,
        [
            "env LEGACY some value",
            "ENV A=1 B='two words' C=\"x\\\"y\"",
            "ENV A=3",
            "CMD echo $HOME",
            "EXPOSE 8000-8010/tcp 9/SCTP",
            "VOLUME /a /b",
            "LABEL \"com.example.quoted\"=\"v 1\"",
            "STOPSIGNAL SIGTERM",
        ]);
        Assert.Equal(["LEGACY=some value", "A=3", "B=two words", "C=x\"y"], config.Env);
        Assert.Equal(["/bin/sh", "-c", "echo $HOME"], config.Cmd);
        Assert.Equal(["8000-8010/tcp", "9/sctp"], config.ExposedPorts!.Keys.Order());
        Assert.Equal(["/a", "/b"], config.Volumes!.Keys.Order());
        Assert.Equal("v 1", config.Labels!["com.example.quoted"]);
        Assert.Equal("SIGTERM", config.StopSignal);
    }

    [Theory]
    [InlineData("RUN make", "RUN is not a valid change command")]
    [InlineData("EXPOSE 70000", "invalid containerPort: 70000")]
    [InlineData("EXPOSE 80/icmp", "invalid proto: icmp")]
    [InlineData("ENV A=\"unclosed", "unmatched \" quote")]
    [InlineData("LABEL a=1 b", "LABEL: \"b\" is not of the form key=value")]
    [InlineData("WORKDIR", "WORKDIR requires at least one argument")]
    public void Bad_lines_are_quoted_with_the_reason(string line, string reason)
    {
        var error = Assert.Throws<WharfException>(() => ImageChanges.Apply(null, [line]));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"invalid change \"{line}\": {reason}", error.Message);
    }
}
