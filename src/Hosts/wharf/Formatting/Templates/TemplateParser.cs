namespace Wharf.Cli.Formatting.Templates;

/// <summary>
/// Go text/template's parser for the language docker's --format uses: text, actions with
/// pipelines, if/else if/else, range (with $i, $e :=), with, variables, break/continue,
/// parenthesized pipelines and field chains. define/template/block are not supported.
/// Errors read like Go's: "template: NAME:LINE: message".
/// </summary>
internal sealed class TemplateParser
{
    private readonly List<Token> _tokens;
    private readonly string _name;
    private readonly Func<string, bool> _isFunction;
    private readonly List<string> _variables = ["$"];
    private int _index;
    private int _rangeDepth;

    private TemplateParser(List<Token> tokens, string name, Func<string, bool> isFunction)
    {
        _tokens = tokens;
        _name = name;
        _isFunction = isFunction;
    }

    public static ListNode Parse(string text, string name, Func<string, bool> isFunction)
    {
        var parser = new TemplateParser(TemplateLexer.Lex(text, name), name, isFunction);
        (ListNode list, Token end) = parser.ItemList(topLevel: true);
        _ = end;
        return list;
    }

    private Token Peek => _tokens[_index];
    private Token PeekAt(int offset) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];
    private Token Next() => _tokens[_index++];

    private TemplateException Error(string message, Token? at = null) =>
        new($"template: {_name}:{(at ?? Peek).Line}: {message}");

    /// <summary>Nodes up to EOF (top level) or up to an {{end}}/{{else}}, which is returned.</summary>
    private (ListNode List, Token Terminator) ItemList(bool topLevel)
    {
        var nodes = new List<TemplateNode>();
        int pos = Peek.Pos;
        while (true)
        {
            Token token = Peek;
            if (token.Kind == TokenKind.Eof)
            {
                if (!topLevel) throw Error("unexpected EOF");
                return (new ListNode(pos, nodes), token);
            }
            if (token.Kind == TokenKind.Text)
            {
                Next();
                nodes.Add(new TextNode(token.Pos, token.Value));
                continue;
            }
            // LeftDelim
            Token delim = Next();
            Token keyword = Peek;
            if (keyword.Kind == TokenKind.Keyword && keyword.Value is "end" or "else")
            {
                if (topLevel) throw Error($"unexpected {{{{{keyword.Value}}}}}", keyword);
                return (new ListNode(pos, nodes), keyword);
            }
            nodes.Add(Action(delim));
        }
    }

    private TemplateNode Action(Token delim)
    {
        Token token = Peek;
        if (token.Kind == TokenKind.Keyword)
        {
            Next();
            switch (token.Value)
            {
                case "if": return Control(token, "if");
                case "range": return Control(token, "range");
                case "with": return Control(token, "with");
                case "break" or "continue":
                    if (_rangeDepth == 0) throw Error($"{{{{{token.Value}}}}} outside {{{{range}}}}", token);
                    Expect(TokenKind.RightDelim, token.Value);
                    return new BreakNode(token.Pos, token.Value == "continue");
                default:
                    throw Error($"{{{{{token.Value}}}}} is not supported in wharf's templates", token);
            }
        }
        return new ActionNode(delim.Pos, Pipeline("command", TokenKind.RightDelim));
    }

    private BranchNode Control(Token keyword, string context)
    {
        int scope = _variables.Count;
        PipeNode pipe = Pipeline(context, TokenKind.RightDelim);
        if (context == "range") _rangeDepth++;
        (ListNode body, Token terminator) = ItemList(topLevel: false);
        if (context == "range") _rangeDepth--;
        ListNode? elseList = null;
        if (terminator.Value == "else")
        {
            Next(); // else
            if (context != "range" && Peek.Kind == TokenKind.Keyword && Peek.Value == context)
            {
                // "{{else if x}}" is "{{else}}{{if x}}...{{end}}{{end}}" sharing one {{end}}.
                Token nested = Next();
                BranchNode inner = Control(nested, context);
                elseList = new ListNode(nested.Pos, [inner]);
                _variables.RemoveRange(scope, _variables.Count - scope);
                return new BranchNode(keyword.Pos, context, pipe, body, elseList);
            }
            Expect(TokenKind.RightDelim, "else");
            (elseList, terminator) = ItemList(topLevel: false);
            if (terminator.Value != "end") throw Error("expected end; found {{else}}", terminator);
        }
        Next(); // end
        Expect(TokenKind.RightDelim, "end");
        _variables.RemoveRange(scope, _variables.Count - scope);
        return new BranchNode(keyword.Pos, context, pipe, body, elseList);
    }

    private void Expect(TokenKind kind, string context)
    {
        Token token = Next();
        if (token.Kind != kind) throw Error($"unexpected {Describe(token)} in {context}", token);
    }

    private PipeNode Pipeline(string context, TokenKind end)
    {
        int pos = Peek.Pos;
        var variables = new List<string>();
        bool isAssign = false;
        // "$x :=", "$x =", "$i, $e :="
        if (Peek.Kind == TokenKind.Variable)
        {
            int save = _index;
            var names = new List<string> { Next().Value };
            if (Peek.Kind == TokenKind.Comma && context == "range")
            {
                Next();
                if (Peek.Kind != TokenKind.Variable) throw Error("range can only initialize variables");
                names.Add(Next().Value);
            }
            if (Peek.Kind is TokenKind.Declare or TokenKind.Assign)
            {
                isAssign = Next().Kind == TokenKind.Assign;
                if (isAssign)
                {
                    foreach (string n in names)
                        if (!_variables.Contains(n)) throw Error($"undefined variable \"{n}\"");
                }
                variables = names;
            }
            else
            {
                _index = save;
            }
        }

        var commands = new List<CommandNode>();
        while (true)
        {
            Token token = Peek;
            if (token.Kind == end)
            {
                Next();
                if (commands.Count == 0) throw Error($"missing value for {context}", token);
                if (!isAssign) _variables.AddRange(variables);
                return new PipeNode(pos, variables, isAssign, commands);
            }
            if (token.Kind == TokenKind.Eof) throw Error(end == TokenKind.RightParen ? "unclosed left paren" : "unclosed action", token);
            commands.Add(Command(end));
            if (Peek.Kind == TokenKind.Pipe)
            {
                Next();
                if (Peek.Kind == end || Peek.Kind == TokenKind.Pipe) throw Error("missing command after |");
            }
        }
    }

    private CommandNode Command(TokenKind end)
    {
        int pos = Peek.Pos;
        var args = new List<TemplateNode>();
        while (Peek.Kind != end && Peek.Kind != TokenKind.Pipe)
        {
            if (Peek.Kind == TokenKind.Eof) throw Error("unclosed action");
            args.Add(Operand());
        }
        if (args.Count == 0) throw Error("empty command");
        return new CommandNode(pos, args);
    }

    private TemplateNode Operand()
    {
        TemplateNode node = Term();
        if (Peek.Kind != TokenKind.Field || Peek.AfterSpace) return node;
        int chainPos = Peek.Pos;
        var fields = new List<string>();
        while (Peek.Kind == TokenKind.Field && !Peek.AfterSpace) fields.Add(Next().Value[1..]);
        return node switch
        {
            FieldNode f => new FieldNode(chainPos, [.. f.Names, .. fields]),
            VariableNode v => new VariableNode(chainPos, [.. v.Names, .. fields]),
            BoolNode or StringNode or NumberNode or NilNode or DotNode => throw Error($"unexpected . after term {Quote(node.ToString())}"),
            _ => new ChainNode(chainPos, node, [.. fields]),
        };
    }

    private TemplateNode Term()
    {
        Token token = Next();
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                if (!_isFunction(token.Value)) throw Error($"function \"{token.Value}\" not defined", token);
                return new IdentifierNode(token.Pos, token.Value);
            case TokenKind.Dot:
                return new DotNode(token.Pos);
            case TokenKind.Nil:
                return new NilNode(token.Pos);
            case TokenKind.Variable:
                if (!_variables.Contains(token.Value)) throw Error($"undefined variable \"{token.Value}\"", token);
                return new VariableNode(token.Pos, [token.Value]);
            case TokenKind.Field:
                return new FieldNode(token.Pos, [token.Value[1..]]);
            case TokenKind.Bool:
                return new BoolNode(token.Pos, token.Value == "true");
            case TokenKind.Number:
                return NumberNode.TryParse(token.Pos, token.Value) ?? throw Error($"bad number syntax: \"{token.Value}\"", token);
            case TokenKind.String:
                return new StringNode(token.Pos, CommandLine.GoParse.Quote(token.Value), token.Value);
            case TokenKind.LeftParen:
                return Pipeline("parenthesized pipeline", TokenKind.RightParen);
            default:
                throw Error($"unexpected {Describe(token)} in operand", token);
        }
    }

    private static string Quote(string s) => "\"" + s + "\"";

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.RightDelim => "\"}}\"",
        TokenKind.Eof => "EOF",
        TokenKind.Keyword => $"<{token.Value}>",
        _ => Quote(token.Value),
    };
}
