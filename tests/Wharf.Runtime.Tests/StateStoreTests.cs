using Wharf.Core;
using Wharf.Runtime.State;

namespace Wharf.Runtime.Tests;

public sealed class StateStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-state-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void An_id_can_be_claimed_once()
    {
        var store = new StateStore(_root);
        store.Claim("abc");
        var e = Assert.Throws<WharfException>(() => store.Claim("abc"));
        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);
    }

    [Fact]
    public void Records_survive_a_round_trip_and_list_skips_half_made_containers()
    {
        var store = new StateStore(_root);
        store.Claim("one");
        store.Save(new ContainerRecord { Id = "one", Bundle = "/b", InitPid = 42, InitStartTime = 7, CgroupPath = "/x/one" });
        store.Claim("two"); // no record yet: still being created
        var loaded = store.Load("one");
        Assert.Equal(42, loaded.InitPid);
        Assert.Equal("/x/one", loaded.CgroupPath);
        Assert.Equal(["one"], store.List().Select(r => r.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void Bad_ids_are_rejected(string id)
    {
        Assert.Throws<WharfException>(() => ContainerId.Validate(id));
    }

    [Fact]
    public void Loading_an_unknown_container_is_not_found()
    {
        var e = Assert.Throws<WharfException>(() => new StateStore(_root).Load("ghost"));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }
}
