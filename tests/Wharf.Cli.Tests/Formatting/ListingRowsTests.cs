using Wharf.Api.Types;
using Wharf.Cli.Formatting;
using Wharf.Cli.Formatting.Rows;

namespace Wharf.Cli.Tests.Formatting;

/// <summary>The rows of ps, images, history and stats as docker/cli's formatter contexts print them.</summary>
public sealed class ListingRowsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    static ListingRowsTests() => GoTime.Zone = TimeZoneInfo.Utc;

    private static string Table(string format, string defaultTable, IEnumerable<object?> rows, IReadOnlyDictionary<string, string> headers)
    {
        var output = new StringWriter();
        OutputFormat.Parse(format, defaultTable).Write(output, rows, headers);
        return output.ToString();
    }

    private static ContainerSummary Container(string name, string command = "sh", long createdAgo = 7200) => new()
    {
        Id = "3f4e8a1b2c9d" + new string('0', 52),
        Names = ["/" + name],
        Image = "busybox:latest",
        ImageID = "sha256:" + new string('a', 64),
        Command = command,
        Created = Now.ToUnixTimeSeconds() - createdAgo,
        State = "running",
        Status = "Up 2 hours",
        Labels = new() { ["b"] = "2", ["a"] = "1" },
    };

    [Fact]
    public void Ps_default_table_is_aligned_and_quotes_the_command()
    {
        object[] rows =
        [
            ContainerRows.Row(Container("web", "sh -c echo started; exec httpd -f -p 80"), trunc: true, Now),
            ContainerRows.Row(Container("db", "sleep 1000", createdAgo: 30), trunc: true, Now),
        ];
        string table = Table(ContainerRows.Format("", quiet: false, size: false), ContainerRows.DefaultTable, rows, ContainerRows.Headers);
        Assert.Equal("""
            CONTAINER ID   IMAGE            COMMAND                  CREATED          STATUS       PORTS     NAMES
            3f4e8a1b2c9d   busybox:latest   "sh -c echo started;…"   2 hours ago      Up 2 hours             web
            3f4e8a1b2c9d   busybox:latest   "sleep 1000"             30 seconds ago   Up 2 hours             db

            """.Replace("\r", ""), table);
    }

    [Fact]
    public void Ps_no_trunc_keeps_the_whole_id_command_and_image()
    {
        var row = ContainerRows.Row(Container("web", "sh -c echo started; exec httpd -f -p 80"), trunc: false, Now);
        Assert.Equal("\"sh -c echo started; exec httpd -f -p 80\"", row.Render("{{.Command}}"));
        Assert.Equal(64, row.Render("{{.ID}}").Length);
        Assert.Equal("busybox:latest", row.Render("{{.Image}}"));
    }

    [Fact]
    public void Ps_fields_for_templates()
    {
        var c = Container("web");
        c.Names = ["/web", "/other/alias"];
        c.SizeRw = 12;
        c.SizeRootFs = 4_400_000;
        c.Mounts = [new MountPoint { Name = "0123456789abcdef0123", Source = "/x", Driver = "local" }, new MountPoint { Source = "/host/dir" }];
        var row = ContainerRows.Row(c, trunc: true, Now);
        Assert.Equal("web", row.Render("{{.Names}}"));
        Assert.Equal("web,other/alias", ContainerRows.Row(c, trunc: false, Now).Render("{{.Names}}"));
        Assert.Equal("a=1,b=2", row.Render("{{.Labels}}"));
        Assert.Equal("2|", row.Render("{{.Label \"b\"}}|{{.Label \"zz\"}}"));
        Assert.Equal("12B (virtual 4.4MB)", row.Render("{{.Size}}"));
        Assert.Equal("0123456789abcd…,/host/dir", row.Render("{{.Mounts}}"));
        Assert.Equal("1", row.Render("{{.LocalVolumes}}"));
        Assert.Equal("2023-11-14 20:13:20 +0000 UTC", row.Render("{{.CreatedAt}}"));
    }

    [Fact]
    public void A_label_column_is_titled_by_the_keys_last_part()
    {
        var c = Container("web");
        c.Labels["com.example.my-key_x"] = "v";
        string table = Table("table {{.Names}}\t{{.Label \"com.example.my-key_x\"}}", ContainerRows.DefaultTable, [ContainerRows.Row(c, true, Now)], ContainerRows.Headers);
        Assert.Equal("NAMES     my key x\nweb       v\n", table);
    }

    [Fact]
    public void Ps_json_is_the_rows_fields_sorted()
    {
        string json = ContainerRows.Row(Container("web"), trunc: true, Now).Render("{{json .}}");
        Assert.StartsWith("{\"Command\":\"\\\"sh\\\"\",\"CreatedAt\":\"2023-11-14 20:13:20 +0000 UTC\",\"ID\":\"3f4e8a1b2c9d\",\"Image\":\"busybox:latest\",", json);
        Assert.Contains("\"Names\":\"web\",\"Networks\":\"\",\"Platform\":null,\"Ports\":\"\",\"RunningFor\":\"2 hours ago\",\"Size\":\"0B\",\"State\":\"running\",\"Status\":\"Up 2 hours\"}", json);
    }

    [Theory]
    [InlineData("busybox", "sha256:aaaaaaaaaaaa", "busybox")]
    [InlineData("busybox:latest", "sha256:aaaaaaaaaaaa", "busybox:latest")]
    [InlineData("docker.io/library/busybox:1.36", "sha256:aaaaaaaaaaaa", "busybox:1.36")]
    [InlineData("registry:5000/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "sha256:bb", "registry:5000/app")]
    [InlineData("sha256:aaaaaaaaaaaaaaaaaaaa", "sha256:aaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaa")]
    [InlineData("Not/A/Valid:Ref:", "sha256:bb", "Not/A/Valid:Ref:")]
    [InlineData("", "sha256:bb", "<no image>")]
    public void Ps_image_column(string image, string imageId, string expected)
    {
        var c = new ContainerSummary { Image = image, ImageID = imageId };
        Assert.Equal(expected, ContainerRows.Image(c, trunc: true));
    }

    [Theory]
    [InlineData(null, 9988, 0, "tcp", "9988/tcp")]
    [InlineData("0.0.0.0", 9988, 0, "tcp", "0.0.0.0:0->9988/tcp")]
    [InlineData("::", 9988, 0, "tcp", "[::]:0->9988/tcp")]
    [InlineData("4.3.2.1", 9988, 8899, "tcp", "4.3.2.1:8899->9988/tcp")]
    [InlineData("::1", 9988, 9988, "tcp", "[::1]:9988->9988/tcp")]
    public void Ports_like_docker(string? ip, int privatePort, int publicPort, string type, string expected) =>
        Assert.Equal(expected, ContainerRows.Ports([new Port { IP = ip, PrivatePort = privatePort, PublicPort = publicPort, Type = type }]));

    [Fact]
    public void Ports_group_consecutive_numbers()
    {
        Assert.Equal("1.2.3.4:9998-9999->9998-9999/udp", ContainerRows.Ports(
        [
            new Port { IP = "1.2.3.4", PrivatePort = 9998, PublicPort = 9998, Type = "udp" },
            new Port { IP = "1.2.3.4", PrivatePort = 9999, PublicPort = 9999, Type = "udp" },
        ]));
        // docker's own order: a group that restarts is written out at once, the open groups at the end.
        Assert.Equal("9988/udp, 80/tcp, 9988/udp", ContainerRows.Ports(
        [
            new Port { PrivatePort = 9988, Type = "udp" },
            new Port { PrivatePort = 9988, Type = "udp" },
            new Port { PrivatePort = 80, Type = "tcp" },
        ]));
    }

    [Theory]
    [InlineData("t🐳ststring", 0, "")]
    [InlineData("t🐳ststring", 1, "t")]
    [InlineData("t🐳ststring", 2, "t…")]
    [InlineData("t🐳ststring", 6, "t🐳st…")]
    [InlineData("t🐳ststring", 20, "t🐳ststring")]
    [InlineData("你好世界teststring", 1, "你")]
    [InlineData("你好世界teststring", 3, "你…")]
    [InlineData("你好世界teststring", 6, "你好…")]
    public void Ellipsis_counts_display_columns(string text, int width, string expected) =>
        Assert.Equal(expected, DisplayText.Ellipsis(text, width));

    private static ImageSummary Image(string[] tags, string[] digests) => new()
    {
        Id = "sha256:" + "5f1b2c3d4e5f" + new string('0', 52),
        RepoTags = [.. tags],
        RepoDigests = [.. digests],
        Created = Now.ToUnixTimeSeconds() - 3 * 86400,
        Size = 4_261_550,
    };

    [Fact]
    public void Images_table_has_a_row_per_tag_and_none_for_dangling()
    {
        object?[] rows =
        [
            .. ImageRows.Rows(Image(["busybox:latest", "docker.io/library/busybox:1.36", "localhost:5000/tools:v1"], []), true, false, false, Now),
            .. ImageRows.Rows(Image([], []), true, false, false, Now),
        ];
        Assert.Equal("""
            REPOSITORY             TAG       IMAGE ID       CREATED      SIZE
            busybox                latest    5f1b2c3d4e5f   3 days ago   4.26MB
            busybox                1.36      5f1b2c3d4e5f   3 days ago   4.26MB
            localhost:5000/tools   v1        5f1b2c3d4e5f   3 days ago   4.26MB
            <none>                 <none>    5f1b2c3d4e5f   3 days ago   4.26MB

            """.Replace("\r", ""), Table(ImageRows.Format("table", false, false), ImageRows.DefaultTable, rows, ImageRows.Headers));
    }

    [Fact]
    public void Images_digests_show_per_tag_and_for_digest_only_names()
    {
        string digest = "sha256:" + new string('d', 64);
        var image = Image(["app:v1"], [$"app@{digest}", $"other@{digest}"]);
        var withDigests = ImageRows.Rows(image, true, showDigests: true, formatNeedsDigest: true, Now).Select(r => r.Render("{{.Repository}} {{.Tag}} {{.Digest}}")).ToList();
        Assert.Equal([$"app v1 {digest}", $"other <none> {digest}"], withDigests);
        var plain = ImageRows.Rows(image, true, showDigests: false, formatNeedsDigest: false, Now).Select(r => r.Render("{{.Repository}} {{.Tag}} {{.Digest}}")).ToList();
        Assert.Equal(["app v1 <none>", "other <none> "], plain);
        Assert.Equal("table {{.ID}}\\t{{.Digest}}", ImageRows.Format("table {{.ID}}", quiet: false, digest: true));
    }

    [Fact]
    public void History_rows_truncate_created_by_and_date_old_layers_na()
    {
        var top = new HistoryResponseItem
        {
            Id = "sha256:" + "9a8b7c6d5e4f" + new string('1', 52),
            Created = Now.ToUnixTimeSeconds() - 600,
            CreatedBy = "/bin/sh -c #(nop)\tCMD [\"sh\"] and a long tail of words",
            Size = 0,
            Comment = "",
        };
        var old = new HistoryResponseItem { Id = "<missing>", Created = 0, CreatedBy = "ADD file:abc in /", Size = 4_261_550, Comment = "imported" };
        object[] rows = [HistoryRows.Row(top, true, true, Now), HistoryRows.Row(old, true, true, Now)];
        Assert.Equal("""
            IMAGE          CREATED          CREATED BY                                      SIZE      COMMENT
            9a8b7c6d5e4f   10 minutes ago   /bin/sh -c #(nop) CMD ["sh"] and a long tail…   0B        
            <missing>      N/A              ADD file:abc in /                               4.26MB    imported

            """.Replace("\r", ""), Table(HistoryRows.Format("table", false, true), HistoryRows.DefaultTable, rows, HistoryRows.Headers));
        var raw = HistoryRows.Row(old, false, human: false, Now);
        Assert.Equal("1970-01-01T00:00:00Z 4261550", raw.Render("{{.CreatedSince}} {{.Size}}"));
    }

    private static ContainerStatsResponse Sample() => new()
    {
        Name = "/web",
        Id = "3f4e8a1b2c9d" + new string('0', 52),
        CpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = 400_000_000 }, SystemCpuUsage = 20_000_000_000, OnlineCpus = 2 },
        PreCpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = 300_000_000 }, SystemCpuUsage = 18_000_000_000 },
        MemoryStats = new MemoryStats { Usage = 10 * 1024 * 1024, Limit = 2UL * 1024 * 1024 * 1024, Stats = new() { ["inactive_file"] = 2 * 1024 * 1024 } },
        PidsStats = new PidsStats { Current = 3 },
        Networks = new() { ["eth0"] = new NetworkStats { RxBytes = 1500, TxBytes = 700 } },
        BlkioStats = new BlkioStats { IoServiceBytesRecursive = [new BlkioStatEntry { Op = "read", Value = 4096 }, new BlkioStatEntry { Op = "Write", Value = 8192 }] },
    };

    [Fact]
    public void Stats_are_computed_from_the_sample_and_its_precpu()
    {
        StatsEntry entry = StatsEntry.From("web", Sample());
        Assert.Equal(10.0, entry.CpuPercentage, 6); // 0.1s of 2s system time, on 2 CPUs
        Assert.Equal(8 * 1024 * 1024, entry.Memory);
        string table = Table("table", StatsRows.DefaultTable, [StatsRows.Row(entry, true), StatsRows.Row(new StatsEntry { Container = "db", IsInvalid = true }, true)], StatsRows.Headers);
        Assert.Equal("""
            CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O        BLOCK I/O        PIDS
            3f4e8a1b2c9d   web       10.00%    8MiB / 2GiB         0.39%     1.5kB / 700B   4.1kB / 8.19kB   3
                           --        --        -- / --             --        --             --               --

            """.Replace("\r", ""), table);
    }

    [Fact]
    public void Stats_memory_on_cgroup_v1_subtracts_total_inactive_file()
    {
        var memory = new MemoryStats { Usage = 100, Stats = new() { ["total_inactive_file"] = 30, ["inactive_file"] = 10 } };
        Assert.Equal(70, StatsEntry.MemoryUsage(memory));
        Assert.Equal(100, StatsEntry.MemoryUsage(new MemoryStats { Usage = 100, Stats = new() { ["inactive_file"] = 200 } }));
    }
}

internal static class RecordRendering
{
    public static string Render(this Wharf.Cli.Formatting.Templates.TemplateRecord record, string template) =>
        Wharf.Cli.Formatting.Templates.GoTemplate.Parse(template).Render(record);
}
