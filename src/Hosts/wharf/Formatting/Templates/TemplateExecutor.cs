using System.Text.Json;

namespace Wharf.Cli.Formatting.Templates;

/// <summary>
/// Runs a parsed template over a value with Go text/template's semantics: fields of maps and
/// records, method calls with arguments, pipelines (the previous value is the last argument),
/// if/range/with, variables with scopes, break/continue. Errors carry Go's location and context:
/// "template: NAME:LINE:COL: executing "NAME" at &lt;.A.B&gt;: ...".
/// </summary>
internal sealed class TemplateExecutor
{
    private static readonly object NoFinal = new();

    private readonly TextWriter _output;
    private readonly string _name;
    private readonly string _text;
    private readonly TemplateFunctions _functions;
    private readonly List<(string Name, object? Value)> _variables = [];
    private TemplateNode? _at;

    public TemplateExecutor(TextWriter output, string name, string text, TemplateFunctions functions)
    {
        _output = output;
        _name = name;
        _text = text;
        _functions = functions;
    }

    /// <summary>
    /// The Go structs behind the JSON (docker inspect, version, info): missing fields become
    /// errors or typed zeros as docker's run on its structs gives them. Null: Go maps throughout.
    /// </summary>
    public TemplateSchema? Schema { get; init; }

    private object? _data;

    public void Execute(ListNode root, object? data)
    {
        _data = data;
        _variables.Clear();
        _variables.Add(("$", data));
        Walk(data, root);
    }

    private sealed class LoopControl(bool isContinue) : Exception
    {
        public bool IsContinue { get; } = isContinue;
    }

    private TemplateException Error(string message)
    {
        if (_at is null) return new TemplateException($"template: {_name}: {message}");
        int pos = Math.Min(_at.Pos, _text.Length);
        int lineStart = _text.LastIndexOf('\n', Math.Max(0, pos - 1)) is int nl and >= 0 && nl < pos ? nl + 1 : 0;
        int line = 1 + _text.AsSpan(0, pos).Count('\n');
        string context = _at.ToString();
        if (context.Length > 20) context = context[..20] + "...";
        return new TemplateException($"template: {_name}:{line}:{pos - lineStart}: executing \"{_name}\" at <{context}>: {message}");
    }

    private void Walk(object? dot, TemplateNode node)
    {
        switch (node)
        {
            case ListNode list:
                foreach (TemplateNode child in list.Nodes) Walk(dot, child);
                break;
            case TextNode text:
                _output.Write(text.Text);
                break;
            case ActionNode action:
                object? value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Variables.Count == 0) _output.Write(Printable(action, value));
                break;
            case BranchNode { Keyword: "if" } branch:
                WalkScoped(dot, branch, (d, b) =>
                {
                    if (GoValue.IsTrue(EvalPipeline(d, b.Pipe))) Walk(d, b.Body);
                    else if (b.Else is not null) Walk(d, b.Else);
                });
                break;
            case BranchNode { Keyword: "with" } branch:
                WalkScoped(dot, branch, (d, b) =>
                {
                    object? v = EvalPipeline(d, b.Pipe);
                    if (GoValue.IsTrue(v)) Walk(v, b.Body);
                    else if (b.Else is not null) Walk(d, b.Else);
                });
                break;
            case BranchNode { Keyword: "range" } branch:
                WalkScoped(dot, branch, Range);
                break;
            case BreakNode control:
                throw new LoopControl(control.IsContinue);
            default:
                throw Error($"unknown node: {node}");
        }
    }

    private void WalkScoped(object? dot, BranchNode branch, Action<object?, BranchNode> body)
    {
        int mark = _variables.Count;
        try
        {
            body(dot, branch);
        }
        finally
        {
            _variables.RemoveRange(mark, _variables.Count - mark);
        }
    }

    private string Printable(TemplateNode node, object? value)
    {
        _at = node;
        return GoValue.Print(value, topLevel: true);
    }

    private void Range(object? dot, BranchNode branch)
    {
        // The pipeline's own declarations ($i, $e :=) are bound per element, not to the value.
        PipeNode pipe = branch.Pipe;
        object? collection = EvalPipeline(dot, pipe with { Variables = [] });
        var items = new List<(object? Key, object? Value)>();
        switch (collection)
        {
            case null:
                break;
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                long index = 0;
                foreach (JsonElement e in array.EnumerateArray()) items.Add((index++, GoValue.FromJson(e)));
                break;
            case JsonElement { ValueKind: JsonValueKind.Object } obj:
                foreach (JsonProperty p in GoValue.SortedProperties(obj)) items.Add((p.Name, GoValue.FromJson(p.Value)));
                break;
            case IReadOnlyList<object?> list:
                for (int i = 0; i < list.Count; i++) items.Add(((long)i, list[i]));
                break;
            case IReadOnlyDictionary<string, object?> map:
                foreach (KeyValuePair<string, object?> pair in map.OrderBy(p => p.Key, StringComparer.Ordinal)) items.Add((pair.Key, pair.Value));
                break;
            case long count:
                for (long i = 0; i < count; i++) items.Add((i, i));
                break;
            default:
                if (ReferenceEquals(collection, GoValue.Missing)) break;
                _at = branch;
                throw Error($"range can't iterate over {GoValue.Print(collection, false)}");
        }
        if (items.Count == 0)
        {
            if (branch.Else is not null) Walk(dot, branch.Else);
            return;
        }
        int mark = _variables.Count;
        foreach ((object? key, object? value) in items)
        {
            _variables.RemoveRange(mark, _variables.Count - mark);
            if (pipe.Variables.Count == 1) _variables.Add((pipe.Variables[0], value));
            else if (pipe.Variables.Count == 2)
            {
                _variables.Add((pipe.Variables[0], key));
                _variables.Add((pipe.Variables[1], value));
            }
            try
            {
                Walk(value, branch.Body);
            }
            catch (LoopControl control)
            {
                if (!control.IsContinue) break;
            }
        }
    }

    private object? EvalPipeline(object? dot, PipeNode pipe)
    {
        object? value = NoFinal;
        foreach (CommandNode command in pipe.Commands)
            value = EvalCommand(dot, command, value);
        foreach (string name in pipe.Variables)
        {
            if (pipe.IsAssign)
            {
                int i = _variables.FindLastIndex(v => v.Name == name);
                _variables[i] = (name, value);
            }
            else
            {
                _variables.Add((name, value));
            }
        }
        return value;
    }

    private object? EvalCommand(object? dot, CommandNode command, object? final)
    {
        TemplateNode first = command.Args[0];
        switch (first)
        {
            case FieldNode field:
                _at = field;
                return EvalFields(dot, dot, field.Names, command, final);
            case VariableNode variable:
                _at = variable;
                object? receiver = Variable(variable.Names[0]);
                return variable.Names.Length == 1 ? NotAFunction(command, final, receiver) : EvalFields(dot, receiver, variable.Names[1..], command, final);
            case ChainNode chain:
                _at = chain;
                object? target = EvalArg(dot, chain.Target);
                return EvalFields(dot, target, chain.Fields, command, final);
            case IdentifierNode identifier:
                return EvalFunction(dot, identifier, command, final);
            case PipeNode inner:
                NotAFunction(command, final, null);
                return EvalPipeline(dot, inner);
        }
        _at = first;
        NotAFunction(command, final, null);
        return first switch
        {
            DotNode => dot,
            NilNode => throw Error("nil is not a command"),
            _ => EvalArg(dot, first),
        };
    }

    private object? NotAFunction(CommandNode command, object? final, object? value)
    {
        if (command.Args.Count > 1 || final != NoFinal)
            throw Error($"can't give argument to non-function {command.Args[0]}");
        return value;
    }

    private object? Variable(string name)
    {
        for (int i = _variables.Count - 1; i >= 0; i--)
            if (_variables[i].Name == name) return _variables[i].Value;
        throw Error($"undefined variable: {name}");
    }

    /// <summary>A field chain; the last field gets the command's arguments (a method call).</summary>
    private object? EvalFields(object? dot, object? receiver, string[] names, CommandNode command, object? final)
    {
        // Where the receiver sits in the data (for the schema): known from the top only.
        string? path = ReferenceEquals(receiver, _data) ? "" : null;
        for (int i = 0; i < names.Length; i++)
        {
            bool last = i == names.Length - 1;
            var args = new List<object?>();
            if (last)
            {
                TemplateNode? at = _at;
                foreach (TemplateNode arg in command.Args.Skip(1)) args.Add(EvalArg(dot, arg));
                if (final != NoFinal) args.Add(final);
                _at = at;
            }
            receiver = Field(receiver, names[i], args, path, last);
            path = path is null ? null : TemplateSchema.Join(path, names[i]);
        }
        return receiver;
    }

    private object? Field(object? receiver, string name, List<object?> args, string? path, bool last)
    {
        if (ReferenceEquals(receiver, GoValue.Missing)) return GoValue.Missing;
        if (receiver is null) throw Error($"nil pointer evaluating interface {{}}.{name}");
        if (receiver is ITemplateObject record)
        {
            try
            {
                if (record.TryGetField(name, args, out object? value)) return value;
            }
            catch (TemplateException e)
            {
                throw Error(e.Message);
            }
            throw Error($"can't evaluate field {name} in type {record.TypeName}");
        }
        bool inMap = Schema is not null && path is not null && Schema.IsMap(path);
        if (GoValue.TryLookup(receiver, name, out object? found, asField: !inMap))
        {
            if (args.Count > 0) throw Error($"{name} is not a method but has arguments");
            if (Schema is null || inMap) return found;
            // A struct's field the JSON leaves out or sets to null is its typed zero; only at the
            // end of a chain, as a nil pointer cannot be walked through.
            if (last && path is not null && (found is null || ReferenceEquals(found, GoValue.Missing)) && Schema.TryZero(path, name, out object? zero)) return zero;
            if (ReferenceEquals(found, GoValue.Missing) && Schema.MissingField(path, name) is string message) throw Error(message);
            return found;
        }
        // Values of a decoded JSON document are interface{} to Go, whatever they hold.
        throw Error($"can't evaluate field {name} in type interface {{}}");
    }

    private object? EvalFunction(object? dot, IdentifierNode identifier, CommandNode command, object? final)
    {
        _at = identifier;
        if (!_functions.TryGet(identifier.Name, out (int Min, int Max, TemplateFunction Call) function))
            throw Error($"\"{identifier.Name}\" is not a defined function");
        List<TemplateNode> argNodes = command.Args.Skip(1).ToList();
        int count = argNodes.Count + (final != NoFinal ? 1 : 0);
        if (count < function.Min || count > function.Max)
        {
            string want = function.Min == function.Max ? function.Min.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"at least {function.Min}";
            throw Error($"wrong number of args for {identifier.Name}: want {want} got {count}");
        }

        if (identifier.Name is "and" or "or")
        {
            // Go 1.18+: stop at the first argument that decides the result.
            bool isAnd = identifier.Name == "and";
            object? value = null;
            for (int i = 0; i < count; i++)
            {
                value = i < argNodes.Count ? EvalArg(dot, argNodes[i]) : final;
                if (GoValue.IsTrue(value) != isAnd) return value;
            }
            return value;
        }

        var args = new List<object?>(count);
        foreach (TemplateNode node in argNodes) args.Add(EvalArg(dot, node));
        if (final != NoFinal) args.Add(final);
        try
        {
            return function.Call(args);
        }
        catch (ArgumentTypeException e)
        {
            _at = e.Index < argNodes.Count ? argNodes[e.Index] : command;
            throw Error(e.Message);
        }
        catch (TemplateException e)
        {
            _at = command;
            throw Error($"error calling {identifier.Name}: {e.Message}");
        }
    }

    private object? EvalArg(object? dot, TemplateNode node)
    {
        _at = node;
        switch (node)
        {
            case DotNode:
                return dot;
            case NilNode:
                return null;
            case BoolNode b:
                return b.Value;
            case NumberNode n:
                return n.Value;
            case StringNode s:
                return s.Value;
            case FieldNode f:
                return EvalFields(dot, dot, f.Names, new CommandNode(f.Pos, [f]), NoFinal);
            case VariableNode v:
                object? value = Variable(v.Names[0]);
                return v.Names.Length == 1 ? value : EvalFields(dot, value, v.Names[1..], new CommandNode(v.Pos, [v]), NoFinal);
            case ChainNode c:
                return EvalFields(dot, EvalArg(dot, c.Target), c.Fields, new CommandNode(c.Pos, [c]), NoFinal);
            case PipeNode p:
                return EvalPipeline(dot, p);
            case IdentifierNode i:
                return EvalFunction(dot, i, new CommandNode(i.Pos, [i]), NoFinal);
            default:
                throw Error($"can't handle {node} for arg");
        }
    }
}
