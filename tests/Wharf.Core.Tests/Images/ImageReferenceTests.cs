using System.Diagnostics;
using Wharf.Core.Images;

namespace Wharf.Core.Tests.Images;

/// <summary>Cases from distribution/reference's normalize_test.go and reference_test.go, and Docker's CLI.</summary>
public class ImageReferenceTests
{
    private const string Sha256 = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    private const string Ffff = "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    [Theory]
    // input, canonical string, domain, path, tag, familiar string
    [InlineData("busybox", "docker.io/library/busybox:latest", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36", "docker.io", "library/busybox", "1.36", "busybox:1.36")]
    [InlineData("user/app", "docker.io/user/app:latest", "docker.io", "user/app", "latest", "user/app:latest")]
    [InlineData("library/busybox", "docker.io/library/busybox:latest", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("docker.io/busybox", "docker.io/library/busybox:latest", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("docker.io/library/busybox", "docker.io/library/busybox:latest", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("index.docker.io/library/debian", "docker.io/library/debian:latest", "docker.io", "library/debian", "latest", "debian:latest")]
    [InlineData("index.docker.io/debian", "docker.io/library/debian:latest", "docker.io", "library/debian", "latest", "debian:latest")]
    [InlineData("index.docker.io/fooo/bar", "docker.io/fooo/bar:latest", "docker.io", "fooo/bar", "latest", "fooo/bar:latest")]
    [InlineData("library/foo/bar", "docker.io/library/foo/bar:latest", "docker.io", "library/foo/bar", "latest", "library/foo/bar:latest")]
    [InlineData("store/foo/bar", "docker.io/store/foo/bar:latest", "docker.io", "store/foo/bar", "latest", "store/foo/bar:latest")]
    [InlineData("other/library", "docker.io/other/library:latest", "docker.io", "other/library", "latest", "other/library:latest")]
    [InlineData("ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base:latest", "docker.io", "library/ubuntu-12.04-base", "latest", "ubuntu-12.04-base:latest")]
    [InlineData("host:5000/a/b:tag", "host:5000/a/b:tag", "host:5000", "a/b", "tag", "host:5000/a/b:tag")]
    [InlineData("localhost/x", "localhost/x:latest", "localhost", "x", "latest", "localhost/x:latest")]
    [InlineData("localhost:5000/x:1", "localhost:5000/x:1", "localhost:5000", "x", "1", "localhost:5000/x:1")]
    [InlineData("example.com/privatebase", "example.com/privatebase:latest", "example.com", "privatebase", "latest", "example.com/privatebase:latest")]
    [InlineData("example.com:8000/private/moonbase", "example.com:8000/private/moonbase:latest", "example.com:8000", "private/moonbase", "latest", "example.com:8000/private/moonbase:latest")]
    [InlineData("127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase:latest", "127.0.0.1:8000", "private/moonbase", "latest", "127.0.0.1:8000/private/moonbase:latest")]
    [InlineData("192.168.1.1/repo", "192.168.1.1/repo:latest", "192.168.1.1", "repo", "latest", "192.168.1.1/repo:latest")]
    [InlineData("192.168.0.1", "docker.io/library/192.168.0.1:latest", "docker.io", "library/192.168.0.1", "latest", "192.168.0.1:latest")]
    [InlineData("192.168.0.1:80", "docker.io/library/192.168.0.1:80", "docker.io", "library/192.168.0.1", "80", "192.168.0.1:80")]
    [InlineData("[::1]:5000/repo", "[::1]:5000/repo:latest", "[::1]:5000", "repo", "latest", "[::1]:5000/repo:latest")]
    [InlineData("[2001:db8::1]/repo:tag", "[2001:db8::1]/repo:tag", "[2001:db8::1]", "repo", "tag", "[2001:db8::1]/repo:tag")]
    [InlineData("[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian", "latest", "[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest")]
    [InlineData("Foo/bar", "Foo/bar:latest", "Foo", "bar", "latest", "Foo/bar:latest")]  // an upper-case first part is a host
    [InlineData("DOCKER/docker", "DOCKER/docker:latest", "DOCKER", "docker", "latest", "DOCKER/docker:latest")]
    [InlineData("test_com/foo", "docker.io/test_com/foo:latest", "docker.io", "test_com/foo", "latest", "test_com/foo:latest")]
    [InlineData("test-com:8080/foo", "test-com:8080/foo:latest", "test-com:8080", "foo", "latest", "test-com:8080/foo:latest")]
    [InlineData("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", "xn--n3h.com/myimage:xn--n3h.com")]
    [InlineData("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", "test.example.com", "b.gcr.io/test.example.com/my-app:test.example.com")]
    [InlineData("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux", "some-long-tag", "sub-dom1.foo.com/bar/baz/quux:some-long-tag")]
    [InlineData("foo/foo_bar.com:8080", "docker.io/foo/foo_bar.com:8080", "docker.io", "foo/foo_bar.com", "8080", "foo/foo_bar.com:8080")]
    [InlineData("lowercase:Uppercase", "docker.io/library/lowercase:Uppercase", "docker.io", "library/lowercase", "Uppercase", "lowercase:Uppercase")]
    [InlineData("dock__er/docker", "docker.io/dock__er/docker:latest", "docker.io", "dock__er/docker", "latest", "dock__er/docker:latest")]
    [InlineData("docker---rules/docker", "docker.io/docker---rules/docker:latest", "docker.io", "docker---rules/docker", "latest", "docker---rules/docker:latest")]
    [InlineData("d/docker", "docker.io/d/docker:latest", "docker.io", "d/docker", "latest", "d/docker:latest")]
    [InlineData("jess/t", "docker.io/jess/t:latest", "docker.io", "jess/t", "latest", "jess/t:latest")]
    [InlineData("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest", "docker.io", "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "latest", "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest")]
    [InlineData("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9:latest", "docker.io", "library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "latest", "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9:latest")]
    [InlineData("docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "docker.io/library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest", "docker.io", "library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "latest", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest")]
    public void Parses_and_normalises_as_docker_does(string input, string canonical, string domain, string path, string tag, string familiar)
    {
        var reference = ImageReference.Parse(input);
        Assert.Equal(canonical, reference.ToString());
        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.Tag);
        Assert.Null(reference.Digest);
        Assert.Equal(familiar, reference.FamiliarString);
        Assert.Equal($"{domain}/{path}", reference.FullName);
        // The canonical and familiar forms parse back to the same reference.
        Assert.Equal(reference, ImageReference.Parse(canonical));
        Assert.Equal(reference, ImageReference.Parse(familiar));
    }

    [Theory]
    [InlineData("busybox@" + Sha256, "docker.io/library/busybox@" + Sha256, null, "busybox@" + Sha256)]
    [InlineData("busybox:latest@" + Sha256, "docker.io/library/busybox:latest@" + Sha256, "latest", "busybox:latest@" + Sha256)]
    [InlineData("dmcgowan/myapp@" + Sha256, "docker.io/dmcgowan/myapp@" + Sha256, null, "dmcgowan/myapp@" + Sha256)]
    [InlineData("test:5000/repo@" + Ffff, "test:5000/repo@" + Ffff, null, "test:5000/repo@" + Ffff)]
    [InlineData("test:5000/repo:tag@" + Ffff, "test:5000/repo:tag@" + Ffff, "tag", "test:5000/repo:tag@" + Ffff)]
    [InlineData("[2001:db8::1]:5000/repo:tag@" + Ffff, "[2001:db8::1]:5000/repo:tag@" + Ffff, "tag", "[2001:db8::1]:5000/repo:tag@" + Ffff)]
    public void Parses_digested_references_without_adding_a_tag(string input, string canonical, string? tag, string familiar)
    {
        var reference = ImageReference.Parse(input);
        Assert.Equal(canonical, reference.ToString());
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(Digest.Parse(input[(input.IndexOf('@') + 1)..]), reference.Digest);
        Assert.Equal(familiar, reference.FamiliarString);
    }

    [Fact]
    public void Accepts_sha512_digests()
    {
        string sha512 = "sha512:" + new string('f', 128);
        var reference = ImageReference.Parse("xn--7o8h.com/myimage:xn--7o8h.com@" + sha512);
        Assert.Equal("xn--7o8h.com", reference.Domain);
        Assert.Equal(sha512, reference.Digest.ToString());
    }

    [Theory]
    [InlineData("Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase")]
    [InlineData("Uppercase:tag", "invalid reference format: repository name (library/Uppercase) must be lowercase")]
    [InlineData("docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase")]
    [InlineData("docker.io/docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase")]
    [InlineData("test:5000/Uppercase/lowercase:tag", "invalid reference format: repository name (Uppercase/lowercase) must be lowercase")]
    [InlineData("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "invalid repository name (1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a), cannot specify 64-byte hexadecimal strings")]
    [InlineData("repo@sha256:ffffffffffffffffffffffffffffffffff", "invalid checksum digest length")]
    [InlineData("validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "unsupported digest algorithm")]
    [InlineData("busybox:1@SHA256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "invalid checksum digest format")]
    [InlineData("busybox@sha256:FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "invalid checksum digest format")]
    [InlineData("Foo_Bar/x", "repository name must be lowercase")]
    public void Rejects_with_dockers_reason(string input, string message)
    {
        var error = Assert.Throws<WharfException>(() => ImageReference.Parse(input));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":justtag")]
    [InlineData("@" + Ffff)]
    [InlineData("https://github.com/docker/docker")]
    [InlineData("-docker")]
    [InlineData("-docker/docker")]
    [InlineData("-docker.io/docker/docker")]
    [InlineData("docker-/docker")]
    [InlineData("-docker-/docker")]
    [InlineData("docker///docker")]
    [InlineData("docker.io/docker///docker")]
    [InlineData("docker/")]
    [InlineData("____/____")]
    [InlineData("_docker/_docker")]
    [InlineData("dock..er/docker")]
    [InlineData("dock_.er/docker")]
    [InlineData("dock-.er/docker")]
    [InlineData("aa/asdf$$^/aa")]
    [InlineData("[fc00::1]")]
    [InlineData("[fc00::1]:5000")]
    [InlineData("fc00::1:5000/debian")]
    [InlineData("[fe80::1%eth0]:5000/debian")]
    [InlineData("[2001:db8:3:4::192.0.2.33]:5000/debian")]
    [InlineData("busybox:")]
    [InlineData("busybox:-tag")]
    [InlineData("busybox\n")]         // .NET's $ would match before the newline; the grammar's end must not
    [InlineData("busybox:latest\n")]
    [InlineData("busy box")]
    [InlineData("büsybox")]
    public void Rejects_invalid_references(string input)
    {
        var error = Assert.Throws<WharfException>(() => ImageReference.Parse(input));
        Assert.Equal("invalid reference format", error.Message);
        Assert.False(ImageReference.TryParse(input, out _));
    }

    [Fact]
    public void Limits_the_repository_path_to_255_characters()
    {
        string longest = string.Concat(Enumerable.Repeat("a/", 127)) + "a";
        Assert.Equal(255, ImageReference.Parse(longest + ":tag-puts-this-over-max").Path.Length);

        var error = Assert.Throws<WharfException>(() => ImageReference.Parse(string.Concat(Enumerable.Repeat("a/", 128)) + "a:tag"));
        Assert.Equal("repository name must not be more than 255 characters", error.Message);
        Assert.Throws<WharfException>(() => ImageReference.Parse(new string('a', 256) + "/docker"));
    }

    [Fact]
    public void Limits_tags_to_128_characters()
    {
        Assert.Equal(128, ImageReference.Parse("busybox:" + new string('t', 128)).Tag!.Length);
        Assert.Throws<WharfException>(() => ImageReference.Parse("busybox:" + new string('t', 129)));
    }

    [Fact]
    public void Parsing_without_the_default_tag_keeps_a_bare_name()
    {
        var name = ImageReference.ParseNormalized("busybox");
        Assert.True(name.IsNameOnly);
        Assert.Equal("docker.io/library/busybox", name.ToString());
        Assert.Equal("busybox", name.FamiliarString);
        Assert.Equal("docker.io/library/busybox:latest", name.WithDefaultTag().ToString());
    }

    [Fact]
    public void Derives_references_with_other_tags_and_digests()
    {
        var reference = ImageReference.Parse("busybox:1.36");
        var digest = Digest.Parse(Sha256);

        Assert.Equal("docker.io/library/busybox:musl", reference.WithTag("musl").ToString());
        Assert.Equal("docker.io/library/busybox:1.36@" + Sha256, reference.WithDigest(digest).ToString());
        Assert.Equal("docker.io/library/busybox@" + Sha256, reference.WithDigest(digest).WithoutTagIfDigested().ToString());
        Assert.Equal("docker.io/library/busybox:1.36", reference.WithoutTagIfDigested().ToString());
        Assert.Equal("docker.io/library/busybox", reference.WithoutTagOrDigest().ToString());
        Assert.Equal("invalid tag format", Assert.Throws<WharfException>(() => reference.WithTag("-foo")).Message);
        Assert.Throws<WharfException>(() => reference.WithTag(new string('t', 129)));
    }

    [Fact]
    public void Equal_references_compare_equal()
    {
        Assert.Equal(ImageReference.Parse("busybox"), ImageReference.Parse("docker.io/library/busybox:latest"));
        Assert.Equal(ImageReference.Parse("busybox").GetHashCode(), ImageReference.Parse("index.docker.io/busybox").GetHashCode());
        Assert.NotEqual(ImageReference.Parse("busybox"), ImageReference.Parse("busybox:1"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a-")]
    [InlineData("a.")]
    [InlineData("a/")]
    [InlineData("a__")]
    [InlineData("a.a-")]
    public void Hostile_input_is_refused_quickly(string unit)
    {
        string input = string.Concat(Enumerable.Repeat(unit, 2000 / unit.Length)) + "!";
        var clock = Stopwatch.StartNew();
        Assert.Throws<WharfException>(() => ImageReference.Parse(input));
        Assert.Throws<WharfException>(() => ImageReference.Parse(input[..^1] + ":" + input[..^1] + "!"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }
}
