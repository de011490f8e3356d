namespace Wharf.Cli.Commands;

/// <summary>docker/cli's help texts for --format (cli/flags), so help reads the same.</summary>
internal static class FormatHelp
{
    /// <summary>For listing commands (ps, images, volume ls): table, table TEMPLATE, json, TEMPLATE.</summary>
    public const string Table = """
        Format output using a custom template:
        'table':            Print output in table format with column headers (default)
        'table TEMPLATE':   Print output in table format using the given Go template
        'json':             Print in JSON format
        'TEMPLATE':         Print output using the given Go template.
        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
        """;

    /// <summary>For inspect-like commands (inspect, version, info): json or TEMPLATE.</summary>
    public const string Inspect = """
        Format output using a custom template:
        'json':             Print in JSON format
        'TEMPLATE':         Print output using the given Go template.
        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
        """;
}
