using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.Formatting.Rows;

namespace Wharf.Cli.Tests.Formatting;

/// <summary>ps reads the container list with JsonDocument: every field a ps column or template reads must come out as the serializer reads it.</summary>
public sealed class ContainerSummaryJsonTests
{
    private const string EveryField =
        "{{.ID}}|{{.Names}}|{{.Image}}|{{.Command}}|{{.CreatedAt}}|{{.RunningFor}}|{{.Ports}}|{{.State}}|{{.Status}}|{{.Size}}|{{.Labels}}|{{.Label \"b\"}}|{{.Mounts}}|{{.LocalVolumes}}|{{.Networks}}|{{.Platform}}";

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void A_daemons_list_renders_the_same_as_through_the_serializer()
    {
        var summaries = new List<ContainerSummary>
        {
            new()
            {
                Id = "0123456789ab" + new string('c', 52),
                Names = ["/web", "/other/alias"],
                Image = "registry.example:5000/team/web:1.2@sha256:" + new string('d', 64),
                ImageID = "sha256:" + new string('e', 64),
                ImageManifestDescriptor = new OciDescriptor { Platform = new OciPlatform { Os = "linux", Architecture = "arm", Variant = "v7" } },
                Command = "sh -c 'echo \"hi\"; sleep 1000'",
                Created = 1_699_990_000,
                Ports = [new Port { IP = "0.0.0.0", PrivatePort = 80, PublicPort = 8080, Type = "tcp" }, new Port { PrivatePort = 53, Type = "udp" }],
                SizeRw = 12_345,
                SizeRootFs = 4_567_890,
                Labels = new() { ["b"] = "2", ["a"] = "1" },
                State = "running",
                Status = "Up 2 hours",
                NetworkSettings = new SummaryNetworkSettings { Networks = new() { ["bridge"] = new EndpointSettings(), ["front"] = new EndpointSettings() } },
                Mounts = [new MountPoint { Type = "volume", Name = "data-volume-with-a-long-name", Source = "/var/lib/x", Destination = "/data", Driver = "local" },
                          new MountPoint { Type = "bind", Source = "/srv", Destination = "/srv" }],
            },
            new() { Id = new string('f', 64), Names = ["/bare"], State = "created", Status = "Created" },
        };
        string json = JsonSerializer.Serialize(summaries, ApiJson.Context.ListContainerSummary);
        List<ContainerSummary> typed = JsonSerializer.Deserialize(json, ApiJson.Context.ListContainerSummary)!;

        using JsonDocument document = JsonDocument.Parse(json);
        List<ContainerSummary> walked = ContainerSummaryJson.ReadList(document.RootElement);

        Assert.Equal(typed.Count, walked.Count);
        foreach (bool trunc in new[] { true, false })
        {
            for (int i = 0; i < typed.Count; i++)
            {
                Assert.Equal(ContainerRows.Row(typed[i], trunc, Now).Render(EveryField), ContainerRows.Row(walked[i], trunc, Now).Render(EveryField));
            }
        }
        Assert.Equal("53/udp, 0.0.0.0:8080->80/tcp", ContainerRows.Row(walked[0], true, Now).Render("{{.Ports}}"));
    }

    [Theory]
    [InlineData("""{"message":"not a list"}""")]
    [InlineData("7")]
    public void A_list_that_is_not_an_array_is_an_error(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Throws<CliError>(() => ContainerSummaryJson.ReadList(document.RootElement));
    }

    [Fact]
    public void Fields_of_the_wrong_type_read_as_absent_and_repeated_keys_keep_the_last()
    {
        using JsonDocument document = JsonDocument.Parse("""[{"Id":7,"Names":"x","Created":"soon","Labels":{"k":"1","k":"2","n":3},"Ports":[{"PrivatePort":"80"}],"Mounts":{}},"junk"]""");
        ContainerSummary c = Assert.Single(ContainerSummaryJson.ReadList(document.RootElement));
        Assert.Equal("", c.Id);
        Assert.Empty(c.Names);
        Assert.Equal(0, c.Created);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "2" }, c.Labels);
        Assert.Equal("tcp", Assert.Single(c.Ports).Type);
        Assert.Empty(c.Mounts);
    }
}
