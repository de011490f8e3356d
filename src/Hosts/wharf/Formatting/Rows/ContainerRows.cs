using System.Globalization;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Formatting.Rows;

/// <summary>
/// A `ps` row: docker/cli's formatter.ContainerContext over one container summary (.ID
/// truncated, .Names without "/", .Command quoted and cut at 20 columns, .RunningFor, .Ports
/// grouped, .Label "k", ...).
/// </summary>
internal static class ContainerRows
{
    public const string DefaultTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    public const string QuietFormat = "{{.ID}}";

    /// <summary>The type docker's template errors name ("can't evaluate field X in type *formatter.ContainerContext").</summary>
    public const string TypeName = "*formatter.ContainerContext";

    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["ID"] = "CONTAINER ID",
        ["Names"] = "NAMES",
        ["Image"] = "IMAGE",
        ["Command"] = "COMMAND",
        ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED",
        ["Ports"] = "PORTS",
        ["State"] = "STATE",
        ["Status"] = "STATUS",
        ["Size"] = "SIZE",
        ["Labels"] = "LABELS",
        ["Mounts"] = "MOUNTS",
        ["LocalVolumes"] = "LOCAL VOLUMES",
        ["Networks"] = "NETWORKS",
        ["Platform"] = "PLATFORM",
    };

    /// <summary>NewContainerFormat: the table, the quiet format, or the user's.</summary>
    public static string Format(string source, bool quiet, bool size)
    {
        if (source is "" or "table")
            return quiet ? QuietFormat : size ? DefaultTable + "\\t{{.Size}}" : DefaultTable;
        if (source == "raw")
        {
            if (quiet) return "container_id: {{.ID}}";
            string raw = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\n"
                + "status: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n";
            return size ? raw + "size: {{.Size}}\\n" : raw;
        }
        return quiet ? QuietFormat : source;
    }

    /// <param name="sizeUsed">Called when the template reads .Size (docker's FieldsUsed: ps then asks for sizes).</param>
    public static TemplateRecord Row(ContainerSummary c, bool trunc, DateTimeOffset now, Action? sizeUsed = null) =>
        new TemplateRecord(TypeName)
            .Field("Command", () => GoParse.Quote(trunc ? DisplayText.Ellipsis(c.Command, 20) : c.Command))
            .Field("CreatedAt", () => GoTime.String(c.Created))
            .Field("ID", () => trunc ? Units.ShortId(c.Id) : c.Id)
            .Field("Image", () => Image(c, trunc))
            .Method("Label", 1, a => c.Labels.TryGetValue(a[0]?.ToString() ?? "", out string? v) ? v : "")
            .Field("Labels", () => string.Join(",", c.Labels.Select(p => p.Key + "=" + p.Value).Order(StringComparer.Ordinal)))
            .Field("LocalVolumes", () => c.Mounts.Count(m => m.Driver == "local").ToString(CultureInfo.InvariantCulture))
            .Field("Mounts", () => string.Join(",", c.Mounts.Select(m => m.Name is { Length: > 0 } name ? name : m.Source)
                .Select(name => trunc ? DisplayText.Ellipsis(name, 15) : name)))
            .Field("Names", () => Names(c.Names, trunc))
            .Field("Networks", () => string.Join(",", c.NetworkSettings.Networks.Keys))
            .Field("Platform", () => c.ImageManifestDescriptor?.Platform is { } p ? Platform(p) : null)
            .Field("Ports", () => Ports(c.Ports))
            .Field("RunningFor", () => Units.Ago(DateTimeOffset.FromUnixTimeSeconds(c.Created), now))
            .Field("Size", () =>
            {
                sizeUsed?.Invoke();
                string rw = Units.HumanSize(c.SizeRw ?? 0, 3);
                return c.SizeRootFs > 0 ? $"{rw} (virtual {Units.HumanSize(c.SizeRootFs.Value, 3)})" : rw;
            })
            .Field("State", () => c.State)
            .Field("Status", () => c.Status);

    /// <summary>The names without their "/"; truncated, only the first that is not a link ("/other/alias").</summary>
    public static string Names(IReadOnlyList<string> names, bool trunc)
    {
        List<string> stripped = names.Select(n => n.Length > 0 ? n[1..] : n).ToList();
        if (trunc && stripped.FirstOrDefault(n => !n.Contains('/')) is string plain) stripped = [plain];
        return string.Join(",", stripped);
    }

    /// <summary>The image as ps shows it: the short ID for an image run by ID, else the familiar name without the digest.</summary>
    public static string Image(ContainerSummary c, bool trunc)
    {
        if (c.Image.Length == 0) return "<no image>";
        if (!trunc) return c.Image;
        if (Units.ShortId(c.ImageID) == Units.ShortId(c.Image)) return Units.ShortId(c.ImageID);
        return FamiliarName.TryParse(c.Image, out FamiliarName name) ? (name with { Digest = null }).ToString() : c.Image;
    }

    private static string Platform(OciPlatform p)
    {
        string text = $"{p.Os}/{p.Architecture}";
        return p.Variant is { Length: > 0 } variant ? $"{text}/{variant}" : text;
    }

    /// <summary>docker's DisplayablePorts: "0.0.0.0:8080->80/tcp, 9000-9002/tcp"; consecutive ports grouped.</summary>
    public static string Ports(IEnumerable<Port> ports)
    {
        var groups = new Dictionary<string, (int First, int Last)>(StringComparer.Ordinal);
        var order = new List<string>();
        var result = new List<string>();
        var hostMappings = new List<string>();
        IOrderedEnumerable<Port> sorted = ports
            .OrderBy(p => p.PrivatePort)
            .ThenBy(p => p.IP ?? "", StringComparer.Ordinal)
            .ThenBy(p => p.PublicPort)
            .ThenBy(p => p.Type, StringComparer.Ordinal);
        foreach (Port port in sorted)
        {
            int current = port.PrivatePort;
            string key = port.Type;
            if (!string.IsNullOrEmpty(port.IP))
            {
                if (port.PublicPort != current)
                {
                    hostMappings.Add($"{JoinHostPort(port.IP, port.PublicPort.ToString(CultureInfo.InvariantCulture))}->{port.PrivatePort}/{port.Type}");
                    continue;
                }
                key = port.IP + "/" + port.Type;
            }
            if (!groups.TryGetValue(key, out (int First, int Last) group))
            {
                groups[key] = (current, current);
                order.Add(key);
                continue;
            }
            if (current == group.Last + 1)
            {
                groups[key] = (group.First, current);
                continue;
            }
            result.Add(Group(key, group.First, group.Last));
            groups[key] = (current, current);
        }
        foreach (string key in order) result.Add(Group(key, groups[key].First, groups[key].Last));
        result.AddRange(hostMappings);
        return string.Join(", ", result);
    }

    private static string Group(string key, int first, int last)
    {
        string[] parts = key.Split('/');
        string type = parts[0];
        string ip = "";
        if (parts.Length > 1)
        {
            ip = parts[0];
            type = parts[1];
        }
        string group = first == last ? first.ToString(CultureInfo.InvariantCulture) : $"{first}-{last}";
        if (ip.Length > 0) group = $"{JoinHostPort(ip, group)}->{group}";
        return group + "/" + type;
    }

    private static string JoinHostPort(string host, string port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}
