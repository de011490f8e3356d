using Wharf.Core;

namespace Wharf.Containers.Tests.Naming;

public sealed class NameRegistryTests
{
    private static readonly string A = Records.Id("aa"), B = Records.Id("bb");

    [Theory]
    [InlineData("web", "/web")]
    [InlineData("/web", "/web")]
    [InlineData("ab", "/ab")]
    [InlineData("a.b-c_d9", "/a.b-c_d9")]
    [InlineData("9lives", "/9lives")]
    public void Accepts_docker_names_and_keeps_them_with_a_slash(string name, string kept)
    {
        Assert.Equal(kept, new NameRegistry().Reserve(name, A));
    }

    [Theory]
    [InlineData("a")] // Docker wants at least two characters
    [InlineData("_web")]
    [InlineData("-web")]
    [InlineData(".web")]
    [InlineData("we b")]
    [InlineData("web/x")]
    [InlineData("web\n")]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("wéb")]
    public void Refuses_what_docker_refuses_with_its_message(string name)
    {
        var e = Assert.Throws<WharfException>(() => new NameRegistry().Reserve(name, A));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith("Invalid container name (", e.Message);
        Assert.EndsWith("), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", e.Message);
    }

    [Fact]
    public void A_taken_name_is_a_conflict_naming_the_holder()
    {
        var names = new NameRegistry();
        names.Reserve("web", A);
        var e = Assert.Throws<WharfException>(() => names.Reserve("/web", B));
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal($"Conflict. The container name \"/web\" is already in use by container \"{A}\". You have to remove (or rename) that container to be able to reuse that name.", e.Message);
        Assert.Equal("/web", names.Reserve("web", A)); // the holder may reserve it again
    }

    [Fact]
    public void A_released_name_can_be_taken()
    {
        var names = new NameRegistry();
        names.Reserve("web", A);
        names.Release("web", B); // not B's: nothing happens
        Assert.True(names.TryGetId("/web", out _));
        names.Release("/web");
        Assert.False(names.TryGetId("web", out _));
        Assert.Equal("/web", names.Reserve("web", B));
    }

    [Fact]
    public void Generated_names_are_adjective_underscore_surname()
    {
        var names = new NameRegistry();
        string name = names.ReserveGenerated(A);
        Assert.Matches("^/[a-z]+_[a-z]+$", name);
        Assert.True(names.TryGetId(name, out string id));
        Assert.Equal(A, id);
    }

    [Fact]
    public void A_generated_collision_is_retried_with_a_digit_then_falls_back_to_the_short_id()
    {
        var attempts = new List<int>();
        var names = new NameRegistry(attempt => { attempts.Add(attempt); return attempt == 0 ? "calm_turing" : "calm_turing" + attempt % 2; });
        Assert.Equal("/calm_turing", names.ReserveGenerated(A));
        Assert.Equal("/calm_turing1", names.ReserveGenerated(B));
        attempts.Clear();
        string c = Records.Id("cc");
        // every candidate taken now: calm_turing, calm_turing1 ... and calm_turing0 next
        names.Reserve("calm_turing0", Records.Id("dd"));
        Assert.Equal("/" + c[..12], names.ReserveGenerated(c));
        Assert.Equal([0, 1, 2, 3, 4, 5], attempts);
    }

    [Fact]
    public void The_real_generator_appends_a_digit_on_retries()
    {
        Assert.Matches("^[a-z]+_[a-z]+$", NameGenerator.Next(0));
        Assert.Matches("^[a-z]+_[a-z]+[0-9]$", NameGenerator.Next(3));
        Assert.True(NameGenerator.AdjectiveList.Count * NameGenerator.SurnameList.Count >= 5000);
        Assert.All(NameGenerator.AdjectiveList.Concat(NameGenerator.SurnameList), w => Assert.Matches("^[a-z]+$", w));
    }

    [Fact]
    public void Rename_moves_the_name_with_dockers_rules()
    {
        var names = new NameRegistry();
        names.Reserve("web", A);
        names.Reserve("db", B);
        Assert.Equal("/front", names.Rename(A, "/web", "front"));
        Assert.False(names.TryGetId("web", out _));
        Assert.True(names.TryGetId("front", out string id) && id == A);

        Assert.Equal("Renaming a container with the same name as its current name",
            Assert.Throws<WharfException>(() => names.Rename(A, "/front", "/front")).Message);
        Assert.Equal("Neither old nor new names may be empty",
            Assert.Throws<WharfException>(() => names.Rename(A, "/front", " / ")).Message);
        var conflict = Assert.Throws<WharfException>(() => names.Rename(A, "/front", "db"));
        Assert.Equal(ErrorKind.Conflict, conflict.Kind);
        Assert.StartsWith("Error when allocating new name: Conflict. The container name \"/db\" is already in use by container", conflict.Message);
        var invalid = Assert.Throws<WharfException>(() => names.Rename(A, "/front", "x"));
        Assert.Equal("Error when allocating new name: Invalid container name (x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", invalid.Message);
        Assert.True(names.TryGetId("front", out _)); // a failed rename keeps the old name
    }

    [Fact]
    public void Concurrent_reservations_of_one_name_have_one_winner()
    {
        var names = new NameRegistry();
        int winners = 0;
        Parallel.For(0, 64, i =>
        {
            try
            {
                names.Reserve("race", Records.Id(i.ToString("x2")));
                Interlocked.Increment(ref winners);
            }
            catch (WharfException e) when (e.Kind == ErrorKind.Conflict)
            {
            }
        });
        Assert.Equal(1, winners);
    }

    [Fact]
    public void New_ids_are_64_hex_digits_whose_short_form_is_not_a_number()
    {
        for (int i = 0; i < 200; i++)
        {
            string id = ContainerId.New();
            Assert.True(ContainerId.IsValid(id), id);
            Assert.False(long.TryParse(id[..12], out _));
        }
        Assert.False(ContainerId.IsValid(Records.Id("AB")));
        Assert.False(ContainerId.IsValid("../" + Records.Id("ab")[3..]));
    }
}
