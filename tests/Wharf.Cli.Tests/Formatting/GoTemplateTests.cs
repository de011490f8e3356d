using System.Text.Json;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Tests.Formatting;

/// <summary>
/// The template engine against Go: every expected output below was produced by Go's
/// text/template with docker's template functions (docker/cli templates.basicFunctions) over the
/// same JSON decoded into map[string]interface{} — docker's raw-JSON path.
/// </summary>
public sealed class GoTemplateTests
{
    private const string Container = """
        {"Id":"4c01db0b339c","Name":"/web","State":{"Status":"running","Running":true,"ExitCode":0,"Pid":4242,"Health":null},
         "Config":{"Image":"busybox","Env":["PATH=/usr/bin","A=1"],"Cmd":["sh","-c","echo hi"],"Labels":{"com.example.vendor":"ACME","version":"1.0"},"Entrypoint":null,"Tty":false},
         "Mounts":[{"Source":"/data","Destination":"/var/lib"},{"Source":"/logs","Destination":"/var/log"}],
         "NetworkSettings":{"Networks":{"bridge":{"IPAddress":"172.17.0.2"},"custom":{"IPAddress":"10.0.0.5"}}},
         "RestartCount":3,"SizeRw":1.5,"Empty":{},"List":[]}
        """;

    private static string Render(string template, string json = Container)
    {
        using var document = JsonDocument.Parse(json);
        return GoTemplate.Parse(template).Render(document.RootElement);
    }

    [Theory]
    [InlineData("{{.State.Status}}", "running")]
    [InlineData("{{.State.ExitCode}}", "0")]
    [InlineData("{{.Name}} {{.State.Pid}}", "/web 4242")]
    [InlineData("{{json .Config.Labels}}", "{\"com.example.vendor\":\"ACME\",\"version\":\"1.0\"}")]
    [InlineData("{{json .State.Health}}", "null")]
    [InlineData("{{.Config.Env}}", "[PATH=/usr/bin A=1]")]
    [InlineData("{{.Config.Labels}}", "map[com.example.vendor:ACME version:1.0]")]
    [InlineData("{{.Config.Entrypoint}}", "<no value>")]
    [InlineData("{{.State}}", "map[ExitCode:0 Health:<nil> Pid:4242 Running:true Status:running]")]
    [InlineData("{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}", "/data:/var/lib /logs:/var/log ")]
    [InlineData("{{range $i, $m := .Mounts}}{{$i}}={{$m.Destination}};{{end}}", "0=/var/lib;1=/var/log;")]
    [InlineData("{{range $k, $v := .NetworkSettings.Networks}}{{$k}}:{{$v.IPAddress}} {{end}}", "bridge:172.17.0.2 custom:10.0.0.5 ")]
    [InlineData("{{range .List}}x{{else}}none{{end}}", "none")]
    [InlineData("{{index .Config.Labels \"com.example.vendor\"}}", "ACME")]
    [InlineData("{{index .Config.Cmd 1}}", "-c")]
    [InlineData("{{index .NetworkSettings.Networks \"bridge\" | json}}", "{\"IPAddress\":\"172.17.0.2\"}")]
    [InlineData("{{(index .NetworkSettings.Networks \"custom\").IPAddress}}", "10.0.0.5")]
    [InlineData("{{if .State.Running}}up{{else}}down{{end}}", "up")]
    [InlineData("{{if not .State.Running}}down{{else if .Config.Tty}}tty{{else}}plain{{end}}", "plain")]
    [InlineData("{{if eq .State.Status \"running\" \"paused\"}}active{{end}}", "active")]
    [InlineData("{{if and .State.Running .Config.Image}}both{{end}}|{{or .Config.Entrypoint \"default\"}}", "both|default")]
    [InlineData("{{with .Config}}{{.Image}}{{end}}", "busybox")]
    [InlineData("{{with .State.Health}}{{.Status}}{{else}}no health{{end}}", "no health")]
    [InlineData("{{println .Name}}{{println}}", "/web\n\n")]
    [InlineData("{{.Name | upper}} {{.Config.Image | lower}} {{title \"hello wharf\"}}", "/WEB busybox Hello Wharf")]
    [InlineData("{{split \"a,b,c\" \",\"}}", "[a b c]")]
    [InlineData("{{len .Mounts}} {{len .Config.Labels}} {{len .Name}}", "2 2 4")]
    [InlineData("{{$name := .Name}}{{range .Mounts}}{{$name}}{{.Source}} {{end}}", "/web/data /web/logs ")]
    [InlineData("{{range .Mounts}}{{$.Name}} {{end}}", "/web /web ")]
    [InlineData("{{truncate .Id 4}}|{{pad .Config.Image 2 1}}|{{pad \"\" 2 2}}|", "4c01|  busybox ||")]
    [InlineData("{{ .Name -}}   :   {{- .State.Status }}", "/web:running")]
    [InlineData("{{/* comment */}}{{.Name}}", "/web")]
    [InlineData("{{.Missing}}", "<no value>")]
    [InlineData("{{.State.Health}}", "<no value>")]
    [InlineData("{{.Empty}} {{.List}}", "map[] []")]
    [InlineData("{{.SizeRw}} {{.RestartCount}}", "1.5 3")]
    [InlineData("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}}\n{{end}}", "com.example.vendor=ACME\nversion=1.0\n")]
    [InlineData("{{range .Mounts}}{{if eq .Source \"/logs\"}}{{break}}{{end}}{{.Source}} {{end}}", "/data ")]
    [InlineData("{{range .Mounts}}{{if eq .Source \"/data\"}}{{continue}}{{end}}{{.Source}} {{end}}", "/logs ")]
    [InlineData("{{slice .Id 0 4}} {{slice .Config.Cmd 1}}", "4c01 [-c echo hi]")]
    [InlineData("{{print \"a\" 1 2 \"b\"}}", "a1 2b")]
    [InlineData("{{.Name | printf \"%s-%s\" \"pre\"}}", "pre-/web")]
    [InlineData("{{$x := 1}}{{$x = 2}}{{$x}}", "2")]
    public void Renders_like_go(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{.State.Health.Status}}", "template: :1:8: executing \"\" at <.State.Health.Status>: nil pointer evaluating interface {}.Status")]
    [InlineData("{{.Name.Foo}}", "template: :1:7: executing \"\" at <.Name.Foo>: can't evaluate field Foo in type interface {}")]
    [InlineData("{{index .Config.Cmd 9}}", "template: :1:2: executing \"\" at <index .Config.Cmd 9>: error calling index: index out of range: 9")]
    [InlineData("{{len 3}}", "template: :1:2: executing \"\" at <len 3>: error calling len: len of type int")]
    [InlineData("{{join .Mounts \",\"}}", "template: :1:7: executing \"\" at <.Mounts>: wrong type for value; expected []string; got []interface {}")]
    [InlineData("{{\"a\" .Name}}", "template: :1:2: executing \"\" at <\"a\">: can't give argument to non-function \"a\"")]
    public void Execution_errors_read_like_go(string template, string expected) =>
        Assert.Equal(expected, Assert.Throws<TemplateException>(() => Render(template)).Message);

    [Theory]
    [InlineData("{{.State.Status", "template: :1: unclosed action")]
    [InlineData("{{if .State.Running}}x", "template: :1: unexpected EOF")]
    [InlineData("{{end}}", "template: :1: unexpected {{end}}")]
    [InlineData("{{nosuch .Name}}", "template: :1: function \"nosuch\" not defined")]
    [InlineData("{{else}}", "template: :1: unexpected {{else}}")]
    [InlineData("{{range}}{{end}}", "template: :1: missing value for range")]
    [InlineData("{{$undefined}}", "template: :1: undefined variable \"$undefined\"")]
    public void Parse_errors_read_like_go(string template, string expected) =>
        Assert.Equal(expected, Assert.Throws<TemplateException>(() => GoTemplate.Parse(template)).Message);

    // Where docker evaluates on its Go structs (not on a decoded map), the results differ from
    // the map path above; wharf follows the structs, since that is what docker users see.

    [Fact]
    public void Json_keeps_the_documents_member_order_as_docker_does_for_its_structs() =>
        Assert.Equal("""{"Image":"busybox","Env":["PATH=/usr/bin","A=1"],"Cmd":["sh","-c","echo hi"],"Labels":{"com.example.vendor":"ACME","version":"1.0"},"Entrypoint":null,"Tty":false}""",
            Render("{{json .Config}}"));

    [Fact]
    public void Join_takes_a_json_array_of_strings() => Assert.Equal("sh -c echo hi", Render("{{join .Config.Cmd \" \"}}"));

    [Fact]
    public void Numbers_compare_and_format_as_numbers() =>
        Assert.Equal("true true|busybox | 4242|\"/web\"", Render("{{lt .State.Pid 5000}} {{ge .RestartCount 3}}|{{printf \"%-8s|%5d|%q\" .Config.Image .State.Pid .Name}}"));

    [Fact]
    public void Field_names_may_differ_in_case_like_go_struct_fields() =>
        Assert.Equal("4c01db0b339c 4c01db0b339c", Render("{{.Id}} {{.ID}}"));

    [Fact]
    public void A_missing_label_is_empty_like_a_go_map_of_strings() =>
        Assert.Equal("[]", Render("[{{index .Config.Labels \"missing\"}}]"));

    // docker inspect runs on its structs, then on the raw JSON with missingkey=error: every
    // expected text below is what docker 28.2 printed for the same container.

    private static string RenderInspect(string template)
    {
        using var document = JsonDocument.Parse(Container);
        var output = new StringWriter();
        GoTemplate.Parse(template).Execute(output, document.RootElement, Wharf.Cli.Formatting.DockerStructs.Container);
        return output.ToString();
    }

    [Theory]
    [InlineData("{{.State.Health}}|{{.Config.StopTimeout}}|{{.SizeRw}}", "<nil>|<nil>|1.5")]
    [InlineData("{{.Config.Entrypoint}} {{.Config.ExposedPorts}} {{.Config.Shell}}", "[] map[] []")]
    [InlineData("{{json .Config.Entrypoint}} {{json .State.Health}} {{json .Config.Healthcheck}}", "null null null")]
    [InlineData("{{with .State.Health}}{{.Status}}{{else}}none{{end}} {{len .Config.Entrypoint}}", "none 0")]
    [InlineData("{{.Config.Labels.nope}}|{{index .Config.Labels \"nope\"}}|{{.NetworkSettings.Networks.none.IPAddress}}", "<no value>||<no value>")]
    [InlineData("{{.Config.Labels.Version}}", "<no value>")] // a map key is exact
    [InlineData("{{.Id}}|{{.ID}}", "4c01db0b339c|4c01db0b339c")] // docker: each alone works, both together fail (no run has both)
    public void Inspect_templates_see_dockers_structs(string template, string expected) => Assert.Equal(expected, RenderInspect(template));

    [Theory]
    [InlineData("{{.State.Nope}}", "template: :1:8: executing \"\" at <.State.Nope>: map has no entry for key \"Nope\"")]
    [InlineData("{{.Nope.Deeper}}", "template: :1:7: executing \"\" at <.Nope.Deeper>: map has no entry for key \"Nope\"")]
    [InlineData("{{.State.status}}", "template: :1:8: executing \"\" at <.State.status>: map has no entry for key \"status\"")]
    [InlineData("{{.id}}", "template: :1:2: executing \"\" at <.id>: map has no entry for key \"id\"")]
    [InlineData("{{range .Nope}}x{{end}}", "template: :1:8: executing \"\" at <.Nope>: map has no entry for key \"Nope\"")]
    [InlineData("{{range .Mounts}}{{.Nope}}{{end}}", "template: :1:19: executing \"\" at <.Nope>: map has no entry for key \"Nope\"")]
    public void Inspect_templates_refuse_what_dockers_structs_lack(string template, string expected) =>
        Assert.Equal(expected, Assert.Throws<TemplateException>(() => RenderInspect(template)).Message);

    [Fact]
    public void Computed_records_have_fields_and_methods()
    {
        var row = new TemplateRecord("*formatter.ContainerContext")
            .Field("ID", () => "4c01db0b339c")
            .Field("Names", () => "web")
            .Method("Label", 1, args => (string)args[0]! == "tier" ? "front" : "");
        Assert.Equal("4c01db0b339c web front", GoTemplate.Parse("{{.ID}} {{.Names}} {{.Label \"tier\"}}").Render(row));
        Assert.Equal("""{"ID":"4c01db0b339c","Names":"web"}""", GoTemplate.Parse("{{json .}}").Render(row));
        Assert.Equal("template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext",
            Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.Nope}}").Render(row)).Message);
    }

    [Fact]
    public void Functions_can_be_added_per_template()
    {
        TemplateFunctions functions = TemplateFunctions.Docker().Add("twice", 1, 1, a => (string)a[0]! + a[0]);
        Assert.Equal("/web/web", GoTemplate.Parse("{{twice .Name}}", "", functions).Render(JsonDocument.Parse(Container).RootElement));
    }
}
