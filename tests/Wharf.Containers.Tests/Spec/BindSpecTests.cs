using Wharf.Core;

namespace Wharf.Containers.Tests.Spec;

public sealed class BindSpecTests
{
    [Theory]
    [InlineData("/data", "volume", "", "/data", false, "")]
    [InlineData("/srv/www:/usr/share/nginx/html", "bind", "/srv/www", "/usr/share/nginx/html", false, "rprivate")]
    [InlineData("/srv/www/:/html/:ro", "bind", "/srv/www", "/html", true, "rprivate")]
    [InlineData("/srv:/srv:rw,rslave", "bind", "/srv", "/srv", false, "rslave")]
    [InlineData("/srv:/srv:z,ro,shared", "bind", "/srv", "/srv", true, "shared")]
    [InlineData("cache:/var/cache", "volume", "cache", "/var/cache", false, "")]
    [InlineData("cache:/var/cache:ro,nocopy", "volume", "cache", "/var/cache", true, "")]
    public void Parses_like_dockers_linux_parser(string raw, string type, string source, string destination, bool readOnly, string propagation)
    {
        var bind = BindSpec.Parse(raw);
        Assert.Equal((type, source, destination, readOnly, propagation), (bind.Type, bind.Source, bind.Destination, bind.ReadOnly, bind.Propagation));
    }

    [Theory]
    [InlineData("", "invalid volume specification: ''")]
    [InlineData(":/x", "invalid volume specification: ':/x'")]
    [InlineData("/foo:ro", "invalid volume specification: '/foo:ro'")]
    [InlineData("a:b:c:d", "invalid volume specification: 'a:b:c:d'")]
    [InlineData("/a:/b:rw,ro", "invalid mode: rw,ro")]
    [InlineData("/a:/b:fast", "invalid mode: fast")]
    [InlineData("/a:relative", "invalid volume specification: '/a:relative': invalid mount config for type \"bind\": invalid mount path: 'relative' mount path must be absolute")]
    [InlineData("/a:/", "invalid volume specification: '/a:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'")]
    [InlineData("vol:/x:rshared", "invalid volume specification: 'vol:/x:rshared': invalid mount config for type \"volume\": field BindOptions must not be specified")]
    public void Refuses_with_dockers_messages(string raw, string message)
    {
        var e = Assert.Throws<WharfException>(() => BindSpec.Parse(raw));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }
}
