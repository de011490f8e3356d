using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Runtime.Tests;

public sealed class BundleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-bundle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(RuntimeSpec spec)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "rootfs"));
        File.WriteAllText(Path.Combine(_dir, "config.json"), JsonSerializer.Serialize(spec, OciJsonContext.Default.RuntimeSpec));
    }

    [Fact]
    public void The_default_spec_round_trips_and_loads()
    {
        Write(SpecTemplate.Create());
        var bundle = Bundle.Load(_dir);
        Assert.Equal(Path.Combine(_dir, "rootfs"), bundle.RootfsPath);
        Assert.Equal(["sh"], bundle.Spec.Process!.Args);
        Assert.Equal(7, bundle.Spec.Mounts!.Count);
        Assert.Contains(bundle.Spec.Linux!.Namespaces!, n => n.Type == "pid");
    }

    [Fact]
    public void Missing_config_is_not_found()
    {
        var e = Assert.Throws<WharfException>(() => Bundle.Load(_dir));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void Invalid_json_names_the_file()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), "{ \"process\": ");
        var e = Assert.Throws<WharfException>(() => Bundle.Load(_dir));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("invalid JSON", e.Message);
    }

    [Fact]
    public void Missing_rootfs_is_reported_with_its_path()
    {
        Write(SpecTemplate.Create() with { Root = new RootSpec { Path = "nope" } });
        var e = Assert.Throws<WharfException>(() => Bundle.Load(_dir));
        Assert.Contains(Path.Combine(_dir, "nope"), e.Message);
    }

    [Fact]
    public void Unknown_namespace_type_is_rejected()
    {
        var spec = SpecTemplate.Create();
        Write(spec with { Linux = spec.Linux! with { Namespaces = [new() { Type = "pid" }, new() { Type = "bogus" }] } });
        var e = Assert.Throws<WharfException>(() => Bundle.Load(_dir));
        Assert.Contains("bogus", e.Message);
    }

    [Fact]
    public void Empty_args_and_relative_cwd_are_rejected()
    {
        var spec = SpecTemplate.Create();
        Write(spec with { Process = spec.Process! with { Args = [] } });
        Assert.Contains("args", Assert.Throws<WharfException>(() => Bundle.Load(_dir)).Message);
        Write(spec with { Process = spec.Process! with { Cwd = "relative" } });
        Assert.Contains("cwd", Assert.Throws<WharfException>(() => Bundle.Load(_dir)).Message);
    }

    [Fact]
    public void Hostname_without_uts_namespace_is_rejected()
    {
        var spec = SpecTemplate.Create();
        Write(spec with { Linux = spec.Linux! with { Namespaces = [new() { Type = "mount" }] } });
        Assert.Contains("UTS", Assert.Throws<WharfException>(() => Bundle.Load(_dir)).Message);
    }
}
