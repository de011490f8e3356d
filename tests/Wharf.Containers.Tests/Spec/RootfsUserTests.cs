using System.Diagnostics;
using Wharf.Core;

namespace Wharf.Containers.Tests.Spec;

public sealed class RootfsUserTests : IDisposable
{
    private readonly FakeRootfs _rootfs = new();

    public void Dispose() => _rootfs.Dispose();

    [Theory]
    [InlineData("", 0u, 0u, new uint[] { 0 })]
    [InlineData("root", 0u, 0u, new uint[] { 0 })]
    [InlineData("0", 0u, 0u, new uint[] { 0 })]
    [InlineData("alice", 1000u, 1000u, new uint[] { 1000, 1, 50 })] // her groups from /etc/group
    [InlineData("1000", 1000u, 1000u, new uint[] { 1000, 1, 50 })]
    [InlineData("bob", 1001u, 100u, new uint[] { 100, 50, 29 })]
    [InlineData("alice:staff", 1000u, 50u, new uint[] { 50 })] // an explicit group: no supplementary ones
    [InlineData("alice:29", 1000u, 29u, new uint[] { 29 })]
    [InlineData("1000:4242", 1000u, 4242u, new uint[] { 4242 })] // numbers need no entry
    [InlineData("4242", 4242u, 0u, new uint[] { 0 })]
    [InlineData("4242:users", 4242u, 100u, new uint[] { 100 })]
    [InlineData("nobody", 65534u, 65534u, new uint[] { 65534 })]
    public void Users_resolve_as_docker_resolves_them(string user, uint uid, uint gid, uint[] gids)
    {
        var resolved = RootfsUser.Resolve(_rootfs.Root, user, null);
        Assert.Equal((uid, gid), (resolved.Uid, resolved.Gid));
        Assert.Equal(gids, resolved.AdditionalGids);
    }

    [Theory]
    [InlineData("carol", "unable to find user carol: no matching entries in passwd file")]
    [InlineData("alice:wheel", "unable to find group wheel: no matching entries in group file")]
    [InlineData("99999999999", "uids and gids must be in range 0-2147483647")]
    [InlineData("-1", "uids and gids must be in range 0-2147483647")]
    [InlineData("alice:-5", "uids and gids must be in range 0-2147483647")]
    public void Unknown_users_and_groups_get_dockers_messages(string user, string message)
    {
        var e = Assert.Throws<WharfException>(() => RootfsUser.Resolve(_rootfs.Root, user, null));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Group_add_takes_names_and_numbers()
    {
        var resolved = RootfsUser.Resolve(_rootfs.Root, "bob", ["audio", "4000", "staff", "root"]);
        Assert.Equal(new uint[] { 100, 50, 29, 29, 4000, 50, 0 }, resolved.AdditionalGids);
        Assert.Equal("unable to find group video: no matching entries in group file",
            Assert.Throws<WharfException>(() => RootfsUser.Resolve(_rootfs.Root, "bob", ["video"])).Message);
    }

    [Fact]
    public void Without_passwd_only_numeric_users_work()
    {
        using var bare = new FakeRootfs(passwd: null, group: null);
        var resolved = RootfsUser.Resolve(bare.Root, "1234:5678", ["99"]);
        Assert.Equal((1234u, 5678u), (resolved.Uid, resolved.Gid));
        Assert.Equal(new uint[] { 5678, 99 }, resolved.AdditionalGids);
        Assert.Equal((0u, 0u), (RootfsUser.Resolve(bare.Root, "", null).Uid, RootfsUser.Resolve(bare.Root, "", null).Gid));
        Assert.Equal("unable to find user alice: no matching entries in passwd file",
            Assert.Throws<WharfException>(() => RootfsUser.Resolve(bare.Root, "alice", null)).Message);
    }

    [Fact]
    public void A_passwd_symlink_to_the_hosts_file_resolves_inside_the_rootfs()
    {
        // The image's /etc/passwd points at a file outside the rootfs, by absolute path and by "..".
        string outside = Path.Combine(_rootfs.Base, "host-passwd");
        File.WriteAllText(outside, "evil:x:666:666::/:/bin/sh\n");
        string passwd = Path.Combine(_rootfs.Etc, "passwd");
        File.Delete(passwd);
        File.CreateSymbolicLink(passwd, outside);
        Assert.Equal("unable to find user evil: no matching entries in passwd file",
            Assert.Throws<WharfException>(() => RootfsUser.Resolve(_rootfs.Root, "evil", null)).Message);

        // The same absolute path inside the rootfs is the container's own file: that one is read.
        string inside = _rootfs.Root + outside;
        Directory.CreateDirectory(Path.GetDirectoryName(inside)!);
        File.WriteAllText(inside, "mallory:x:777:777::/:/bin/sh\n");
        Assert.Equal(777u, RootfsUser.Resolve(_rootfs.Root, "mallory", null).Uid);
        Assert.Throws<WharfException>(() => RootfsUser.Resolve(_rootfs.Root, "evil", null));

        File.Delete(passwd);
        File.CreateSymbolicLink(passwd, "../../../../../../../../host-passwd");
        Assert.Throws<WharfException>(() => RootfsUser.Resolve(_rootfs.Root, "evil", null));
        Assert.Equal("evil:x:666:666::/:/bin/sh\n", File.ReadAllText(outside)); // the host's file is untouched
    }

    [Fact]
    public void A_fifo_or_a_huge_file_is_refused_without_hanging()
    {
        string passwd = Path.Combine(_rootfs.Etc, "passwd");
        File.Delete(passwd);
        using (var mkfifo = Process.Start("mkfifo", [passwd])) mkfifo!.WaitForExit();
        var e = Assert.Throws<WharfException>(() => RootfsUser.Resolve(_rootfs.Root, "alice", null));
        Assert.Contains("not a regular file", e.Message);

        File.Delete(passwd);
        using (var file = File.Create(passwd)) file.SetLength(RootfsUser.MaxFileBytes + 1);
        Assert.Contains("over the limit", Assert.Throws<WharfException>(() => RootfsUser.Resolve(_rootfs.Root, "alice", null)).Message);
    }

    [Fact]
    public void Odd_lines_parse_as_go_parses_them()
    {
        // A uid that is not a number counts as 0: "weird" is a second root; the first entry wins for uid 0.
        Assert.Equal((0u, 1u), (RootfsUser.Resolve(_rootfs.Root, "weird", null).Uid, RootfsUser.Resolve(_rootfs.Root, "weird", null).Gid));
        Assert.Equal(0u, RootfsUser.Resolve(_rootfs.Root, "", null).Gid);
    }
}
