using Wharf.Cli.Copy;

namespace Wharf.Cli.Tests.Copy;

/// <summary>docker cp's path rules (go-archive copy.go): where an archive is extracted and what its top entry is renamed to.</summary>
public class CopyPathsTests
{
    [Theory]
    [InlineData("c1:/etc/passwd", "c1", "/etc/passwd")]
    [InlineData("/abs/with:colon", "", "/abs/with:colon")]
    [InlineData("./file:name", "", "./file:name")]
    [InlineData("plain", "", "plain")]
    [InlineData("c1:", "c1", "")]
    public void Arguments_name_a_container_only_before_a_colon_of_a_relative_path(string arg, string container, string path) =>
        Assert.Equal((container, path), CopyPaths.SplitArgument(arg));

    [Theory]
    [InlineData("/a/b/", "/a/b", "/a/b/")]
    [InlineData("/a/b/.", "/a/b", "/a/b/.")]
    [InlineData("/", "/", "/")]
    [InlineData(".", "/", "/.")]
    public void Trailing_slash_and_dot_survive_cleaning(string original, string cleaned, string expected) =>
        Assert.Equal(expected, CopyPaths.PreserveTrailingDotOrSeparator(cleaned, original));

    [Fact]
    public void A_directory_into_an_existing_directory_is_extracted_there_unchanged()
    {
        var plan = CopyPaths.Prepare(new CopyInfo("/src/dir", true, true), new CopyInfo("/dst", true, true));
        Assert.Equal("/dst", plan.Directory);
        Assert.Equal("dir/x", plan.Rename("dir/x"));
    }

    [Fact]
    public void A_directory_to_a_new_name_is_extracted_into_the_parent_under_that_name()
    {
        var plan = CopyPaths.Prepare(new CopyInfo("/src/dir", true, true), new CopyInfo("/dst/new"));
        Assert.Equal("/dst", plan.Directory);
        Assert.Equal("new/x", plan.Rename("dir/x"));
        // "dir/." copies the contents: the archive's "./" becomes the new directory.
        var contents = CopyPaths.Prepare(new CopyInfo("/src/dir/.", true, true), new CopyInfo("/dst/new"));
        Assert.Equal("new/x", contents.Rename("./x"));
    }

    [Fact]
    public void A_file_onto_an_existing_file_takes_its_name()
    {
        var plan = CopyPaths.Prepare(new CopyInfo("/src/a.txt", true, false), new CopyInfo("/dst/b.txt", true, false));
        Assert.Equal(("/dst", "b.txt"), (plan.Directory, plan.Rename("a.txt")));
    }

    [Fact]
    public void Impossible_copies_get_dockers_errors()
    {
        Assert.Equal("cannot copy directory", Assert.Throws<CliError>(() => CopyPaths.Prepare(new CopyInfo("/src/dir", true, true), new CopyInfo("/dst/file", true, false))).Message);
        Assert.Equal("no such directory", Assert.Throws<CliError>(() => CopyPaths.Prepare(new CopyInfo("/src/a.txt", true, false), new CopyInfo("/dst/missing/"))).Message);
    }

    [Fact]
    public void The_root_as_old_base_prefixes_every_name()
    {
        var plan = new CopyPlan("/dst", "/", "rootcopy");
        Assert.Equal("rootcopy/bin/sh", plan.Rename("/bin/sh"));
    }
}
