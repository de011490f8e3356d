using System.Text;

namespace Wharf.Cli.Terminal;

/// <summary>docker's prompt.Confirm: the question with " [y/N] " on stdout, one line from stdin, yes only for "y"/"Y".</summary>
internal static class Confirmation
{
    /// <summary>Longest answer read; the rest of a longer line is ignored.</summary>
    private const int MaxLine = 4096;

    public static async Task<bool> AskAsync(Invocation cli, string message, CancellationToken cancellationToken)
    {
        cli.Out.Write(message + " [y/N] ");
        cli.Out.Flush();
        Stream input = cli.Console.OpenInput();
        var line = new List<byte>();
        byte[] one = new byte[1];
        try
        {
            while (line.Count < MaxLine && await input.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 1 && one[0] != '\n')
                line.Add(one[0]);
        }
        catch (OperationCanceledException)
        {
            cli.Out.Write("\n");
            throw;
        }
        return Encoding.UTF8.GetString(line.ToArray()).Trim().Equals("y", StringComparison.OrdinalIgnoreCase);
    }
}
