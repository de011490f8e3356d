using Wharf.Cli.Formatting;

namespace Wharf.Cli.Tests.Formatting;

/// <summary>Expected outputs come from Go's text/tabwriter with docker's settings.</summary>
public sealed class TabWriterTests
{
    private static string Table(string input, int minWidth = 10, int padding = 3)
    {
        var output = new StringWriter();
        var writer = new TabWriter(output, minWidth, 1, padding);
        writer.Write(input);
        writer.Flush();
        return output.ToString();
    }

    [Theory]
    [InlineData("CONTAINER ID\tIMAGE\tCOMMAND\tNAMES\n4c01db0b339c\tbusybox\t\"sh\"\tweb\nabc\tdebian:bookworm-slim\t\"sleep infinity\"\tlonger_name_here\n",
        "CONTAINER ID   IMAGE                  COMMAND            NAMES\n4c01db0b339c   busybox                \"sh\"               web\nabc            debian:bookworm-slim   \"sleep infinity\"   longer_name_here\n")]
    [InlineData("A\tB\n\nC\tD\n", "A         B\n\nC         D\n")]
    [InlineData("only one cell\nx\ty\n", "only one cell\nx         y\n")]
    [InlineData("a\tb\tc\naa\t\tccc\n", "a         b         c\naa                  ccc\n")]
    [InlineData("no newline at end\tx", "no newline at end   x")]
    [InlineData("ID\n1\n22\n", "ID\n1\n22\n")]
    public void Aligns_columns_like_docker_tables(string input, string expected) => Assert.Equal(expected, Table(input));

    [Fact]
    public void Aligns_the_version_block_like_docker_version() =>
        Assert.Equal("Client:\n Version:           28.2.2\n API version:       1.50\n\nServer:\n Engine:\n  Version:          20.10\n",
            Table("Client:\n Version:\t28.2.2\n API version:\t1.50\n\nServer:\n Engine:\n  Version:\t20.10\n", 20, 1));

    [Fact]
    public void Counts_wide_characters_as_two_columns() =>
        Assert.Equal("名前名前名前   x\nab             y\n", Table("名前名前名前\tx\nab\ty\n"));

    [Fact]
    public void Writes_split_across_calls_form_the_same_cells()
    {
        var output = new StringWriter();
        var writer = TabWriter.ForTable(output);
        foreach (string piece in new[] { "NAME\tSTA", "TUS\nweb\tUp 2 ", "hours\n" }) writer.Write(piece);
        writer.Flush();
        Assert.Equal("NAME      STATUS\nweb       Up 2 hours\n", output.ToString());
    }
}
