using System.CommandLine;
using System.Text.Json;
using Wharf.Runtime.State;

namespace Wharf.RuntimeHost;

internal sealed record ListEntry(string OciVersion, string Id, int Pid, string Status, string Bundle, string Rootfs, DateTimeOffset Created, string Owner);

internal static partial class RuntimeCommands
{
    private static Command ListCommand()
    {
        var format = new Option<string>("--format", "-f") { Description = "table or json", DefaultValueFactory = _ => "table" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "display only container ids" };
        var command = new Command("list", "list containers") { format, quiet };
        command.Aliases.Add("ls");
        command.SetAction(r => Invocation.Run(r, () =>
        {
            var runtime = Invocation.Runtime(r);
            var entries = runtime.Store.List().Select(record =>
            {
                var status = runtime.StatusOf(record);
                return new ListEntry("1.0.2", record.Id, status == ContainerStatus.Stopped ? 0 : record.InitPid,
                    status.ToOci(), record.Bundle, record.Rootfs, record.Created, "root");
            }).ToList();

            if (r.GetValue(quiet))
            {
                foreach (var e in entries) Console.Out.WriteLine(e.Id);
            }
            else if (r.GetValue(format) == "json")
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(entries, HostJsonContext.Default.ListListEntry));
            }
            else
            {
                string[][] rows = [["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"],
                    .. entries.Select(e => new[] { e.Id, e.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Status, e.Bundle, e.Created.ToString("O"), e.Owner })];
                int[] widths = [.. Enumerable.Range(0, 6).Select(c => Math.Max(12, rows.Max(row => row[c].Length + 1)))];
                foreach (var row in rows)
                    Console.Out.WriteLine(string.Concat(row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))));
            }
            return 0;
        }));
        return command;
    }
}
