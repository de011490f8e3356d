using System.Diagnostics;

namespace Wharf.Cli.Tests;

/// <summary>wharf's output shares the file offset of a redirect with the commands around it, as any program's does.</summary>
public sealed class StandardStreamTests
{
    [Fact]
    public void Output_redirected_to_a_file_is_not_overwritten_by_what_follows()
    {
        string file = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            foreach (string arg in new[] { "-c", "{ echo before; \"$0\" -v; echo after; } > \"$1\"", CliRun.Binary, file }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            Assert.True(process.WaitForExit(30_000));
            string[] lines = File.ReadAllLines(file);
            Assert.Equal(3, lines.Length);
            Assert.Equal("before", lines[0]);
            Assert.StartsWith("Wharf version ", lines[1]);
            Assert.Equal("after", lines[2]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
