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

    [Fact]
    public void Variables_expand_from_the_env_as_it_stands_before_each_line()
    {
        var start = new Wharf.Core.Oci.ImageExecutionConfig { Env = ["PATH=/usr/bin:/bin", "HOME=/root", "EMPTY="] };
        var config = ImageChanges.Apply(start,
        [
            "ENV PATH=$PATH:/x",
            "ENV OLD=$PATH PATH=/only SAME=${PATH}",
            "ENV Q=\"$HOME two\" S='$HOME' E=\\$HOME",
            "ENV D=${UNSET:-fallback} C=${EMPTY:-colon} N=${EMPTY-nocolon} P=${HOME:+set} U=${UNSET+never}",
            "LABEL home=$HOME",
            "WORKDIR $HOME/app",
            "USER ${HOME}",
            "EXPOSE ${PORT:-8080}/udp",
            "VOLUME [\"$HOME/data\"]",
            "CMD echo $HOME",
        ]);
        Assert.Equal("/usr/bin:/bin:/x", Env(config, "OLD")); // the PATH of before the line
        Assert.Equal("/only", Env(config, "PATH"));
        Assert.Equal("/usr/bin:/bin:/x", Env(config, "SAME"));
        Assert.Equal(("/root two", "$HOME", "$HOME"), (Env(config, "Q"), Env(config, "S"), Env(config, "E")));
        Assert.Equal(("fallback", "colon", "", "set", ""), (Env(config, "D"), Env(config, "C"), Env(config, "N"), Env(config, "P"), Env(config, "U")));
        Assert.Equal("/root", config.Labels!["home"]);
        Assert.Equal("/root/app", config.WorkingDir);
        Assert.Equal("/root", config.User);
        Assert.Equal(["8080/udp"], config.ExposedPorts!.Keys);
        Assert.Equal(["/root/data"], config.Volumes!.Keys);
        Assert.Equal(["/bin/sh", "-c", "echo $HOME"], config.Cmd); // the container's shell expands this one
    }

    private static string? Env(Wharf.Core.Oci.ImageExecutionConfig config, string name) =>
        config.Env?.LastOrDefault(e => e.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    [Theory]
    [InlineData("RUN make", "RUN is not a valid change command")]
    [InlineData("EXPOSE 70000", "invalid containerPort: 70000")]
    [InlineData("EXPOSE 80/icmp", "invalid proto: icmp")]
    [InlineData("ENV A=\"unclosed", "unmatched \" quote")]
    [InlineData("LABEL a=1 b", "LABEL: \"b\" is not of the form key=value")]
    [InlineData("WORKDIR", "WORKDIR requires at least one argument")]
    [InlineData("ENV A=${B", "missing '}' in ${B")]
    [InlineData("ENV A=${B%x}", "unsupported modifier (%) in substitution ${B...}")]
    public void Bad_lines_are_quoted_with_the_reason(string line, string reason)
    {
        var error = Assert.Throws<WharfException>(() => ImageChanges.Apply(null, [line]));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"invalid change \"{line}\": {reason}", error.Message);
    }
}
