using System.Globalization;

namespace Wharf.Cli.Formatting.Templates;

/// <summary>A node of a parsed template; <see cref="Pos"/> is its offset in the text (for Go's "line:col" in errors).</summary>
internal abstract record TemplateNode(int Pos)
{
    /// <summary>The node written back in template syntax, as Go's errors quote it ("at &lt;.A.B&gt;").</summary>
    public abstract override string ToString();
}

internal sealed record ListNode(int Pos, List<TemplateNode> Nodes) : TemplateNode(Pos)
{
    public override string ToString() => string.Concat(Nodes.Select(n => n.ToString()));
}

internal sealed record TextNode(int Pos, string Text) : TemplateNode(Pos)
{
    public override string ToString() => Text;
}

internal sealed record ActionNode(int Pos, PipeNode Pipe) : TemplateNode(Pos)
{
    public override string ToString() => "{{" + Pipe + "}}";
}

/// <summary>if, range and with: a pipeline, a body, and an optional else body.</summary>
internal sealed record BranchNode(int Pos, string Keyword, PipeNode Pipe, ListNode Body, ListNode? Else) : TemplateNode(Pos)
{
    public override string ToString() =>
        $"{{{{{Keyword} {Pipe}}}}}{Body}" + (Else is null ? "" : "{{else}}" + Else) + "{{end}}";
}

internal sealed record BreakNode(int Pos, bool IsContinue) : TemplateNode(Pos)
{
    public override string ToString() => IsContinue ? "{{continue}}" : "{{break}}";
}

/// <summary>"$x := a | b c": declared variables and the commands joined by pipes.</summary>
internal sealed record PipeNode(int Pos, List<string> Variables, bool IsAssign, List<CommandNode> Commands) : TemplateNode(Pos)
{
    public override string ToString()
    {
        string declaration = Variables.Count == 0 ? "" : string.Join(", ", Variables) + (IsAssign ? " = " : " := ");
        return declaration + string.Join(" | ", Commands.Select(c => c.ToString()));
    }
}

internal sealed record CommandNode(int Pos, List<TemplateNode> Args) : TemplateNode(Pos)
{
    public override string ToString() => string.Join(" ", Args.Select(a => a is PipeNode ? "(" + a + ")" : a.ToString()));
}

internal sealed record FieldNode(int Pos, string[] Names) : TemplateNode(Pos)
{
    public override string ToString() => string.Concat(Names.Select(n => "." + n));
}

/// <summary>"$x.A.B": Names[0] is the variable ("$" is the data), the rest are fields.</summary>
internal sealed record VariableNode(int Pos, string[] Names) : TemplateNode(Pos)
{
    public override string ToString() => Names[0] + string.Concat(Names.Skip(1).Select(n => "." + n));
}

/// <summary>"(pipeline).A.B".</summary>
internal sealed record ChainNode(int Pos, TemplateNode Target, string[] Fields) : TemplateNode(Pos)
{
    public override string ToString() =>
        (Target is PipeNode ? "(" + Target + ")" : Target.ToString()) + string.Concat(Fields.Select(n => "." + n));
}

internal sealed record IdentifierNode(int Pos, string Name) : TemplateNode(Pos)
{
    public override string ToString() => Name;
}

internal sealed record DotNode(int Pos) : TemplateNode(Pos)
{
    public override string ToString() => ".";
}

internal sealed record NilNode(int Pos) : TemplateNode(Pos)
{
    public override string ToString() => "nil";
}

internal sealed record BoolNode(int Pos, bool Value) : TemplateNode(Pos)
{
    public override string ToString() => Value ? "true" : "false";
}

internal sealed record StringNode(int Pos, string Quoted, string Value) : TemplateNode(Pos)
{
    public override string ToString() => Quoted;
}

/// <summary>A number literal: an integer when it is one, a float otherwise.</summary>
internal sealed record NumberNode(int Pos, string Text, object Value) : TemplateNode(Pos)
{
    public override string ToString() => Text;

    public static NumberNode? TryParse(int pos, string text)
    {
        string digits = text.Replace("_", "", StringComparison.Ordinal);
        try
        {
            return new NumberNode(pos, text, CommandLine.GoParse.Int(digits));
        }
        catch (FormatException)
        {
        }
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? new NumberNode(pos, text, d) : null;
    }
}
