namespace Wharf.Cli.Formatting.Templates;

/// <summary>
/// A parsed Go template, as docker's <c>--format</c> takes: <c>{{.State.Status}}</c>,
/// <c>{{json .Config}}</c>, <c>{{range .Mounts}}{{.Source}} {{end}}</c>,
/// <c>{{index .Config.Labels "k"}}</c>, <c>{{if}}/{{else}}</c>, pipelines into functions.
/// Data is JSON (<see cref="System.Text.Json.JsonElement"/>) or computed records
/// (<see cref="ITemplateObject"/>); see <see cref="GoValue"/> for how values behave.
/// </summary>
internal sealed class GoTemplate
{
    private readonly ListNode _root;
    private readonly string _text;

    private GoTemplate(string name, string text, ListNode root, TemplateFunctions functions)
    {
        Name = name;
        _text = text;
        _root = root;
        Functions = functions;
    }

    public string Name { get; }
    public TemplateFunctions Functions { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="TemplateException"/> with Go's message.</summary>
    public static GoTemplate Parse(string text, string name = "", TemplateFunctions? functions = null)
    {
        functions ??= TemplateFunctions.Docker();
        return new GoTemplate(name, text, TemplateParser.Parse(text, name, functions.Contains), functions);
    }

    public void Execute(TextWriter output, object? data) => Execute(output, data, Functions);

    /// <summary>Runs with other functions of the same names (docker's header functions for a table's header row).</summary>
    public void Execute(TextWriter output, object? data, TemplateFunctions functions) =>
        new TemplateExecutor(output, Name, _text, functions).Execute(_root, data);

    /// <summary>Runs over JSON that stands for docker's Go structs: missing fields as <paramref name="schema"/> says docker treats them.</summary>
    public void Execute(TextWriter output, object? data, TemplateSchema schema) =>
        new TemplateExecutor(output, Name, _text, Functions) { Schema = schema }.Execute(_root, data);

    public string Render(object? data)
    {
        var output = new StringWriter();
        Execute(output, data);
        return output.ToString();
    }
}
