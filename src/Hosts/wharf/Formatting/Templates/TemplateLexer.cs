using System.Text;

namespace Wharf.Cli.Formatting.Templates;

internal enum TokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Identifier,
    Field,
    Variable,
    String,
    Number,
    Bool,
    Nil,
    Dot,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    Keyword,
    Eof,
}

/// <param name="AfterSpace">Whitespace came before it: ".A .B" are two operands, "$x.B" and "(p).B" are chains.</param>
internal readonly record struct Token(TokenKind Kind, string Value, int Pos, int Line, bool AfterSpace = false);

/// <summary>
/// Go text/template's lexer: text outside "{{ }}", and inside actions the fields, variables,
/// strings, numbers and keywords. "{{- " and " -}}" trim the whitespace next to the action;
/// "{{/* */}}" is a comment.
/// </summary>
internal sealed class TemplateLexer
{
    private static readonly HashSet<string> Keywords = ["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"];

    private readonly string _input;
    private readonly string _name;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _line = 1;

    private TemplateLexer(string input, string name)
    {
        _input = input;
        _name = name;
    }

    public static List<Token> Lex(string input, string name)
    {
        var lexer = new TemplateLexer(input, name);
        lexer.Run();
        return lexer._tokens;
    }

    private TemplateException Error(string message) => new($"template: {_name}:{_line}: {message}");

    private void Run()
    {
        bool trimNextText = false;
        while (_pos < _input.Length)
        {
            int open = _input.IndexOf("{{", _pos, StringComparison.Ordinal);
            int textEnd = open < 0 ? _input.Length : open;
            bool trimLeft = open >= 0 && open + 3 < _input.Length + 1 && IsTrimMarker(open + 2, left: true);
            string text = _input[_pos..textEnd];
            if (trimNextText) text = text.TrimStart(' ', '\t', '\r', '\n');
            if (trimLeft) text = text.TrimEnd(' ', '\t', '\r', '\n');
            if (text.Length > 0) _tokens.Add(new Token(TokenKind.Text, text, _pos, _line));
            _line += Count(_input, _pos, textEnd);
            if (open < 0)
            {
                _pos = _input.Length;
                break;
            }
            _pos = open + 2 + (trimLeft ? 2 : 0);
            trimNextText = LexAction(open);
        }
        _tokens.Add(new Token(TokenKind.Eof, "", _input.Length, _line));
        for (int i = 0; i < _tokens.Count; i++)
        {
            Token t = _tokens[i];
            if (t.Kind == TokenKind.Field && t.Pos > 0 && IsSpace(_input[t.Pos - 1]))
                _tokens[i] = t with { AfterSpace = true };
        }
    }

    /// <summary>"{{- " needs the space: "{{-3}}" is the number -3.</summary>
    private bool IsTrimMarker(int at, bool left) =>
        left
            ? at + 1 < _input.Length && _input[at] == '-' && IsSpace(_input[at + 1])
            : at >= 1 && _input[at] == '-' && IsSpace(_input[at - 1]);

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int Count(string s, int from, int to)
    {
        int n = 0;
        for (int i = from; i < to; i++) if (s[i] == '\n') n++;
        return n;
    }

    /// <summary>Lexes one action; returns whether it ended with " -}}" (trim the following text).</summary>
    private bool LexAction(int openPos)
    {
        if (_input.AsSpan(_pos).StartsWith("/*"))
        {
            int close = _input.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
            if (close < 0) throw Error("unclosed comment");
            _line += Count(_input, _pos, close);
            _pos = close + 2;
            bool trim = false;
            if (_input.AsSpan(_pos).StartsWith(" -}}"))
            {
                trim = true;
                _pos += 4;
            }
            else if (_input.AsSpan(_pos).StartsWith("}}")) _pos += 2;
            else throw Error("comment ends before closing delimiter");
            return trim;
        }

        _tokens.Add(new Token(TokenKind.LeftDelim, "{{", openPos, _line));
        int parenDepth = 0;
        while (true)
        {
            if (_pos >= _input.Length) throw Error("unclosed action");
            char c = _input[_pos];
            if (_input.AsSpan(_pos).StartsWith(" -}}") || _input.AsSpan(_pos).StartsWith("\t-}}") || _input.AsSpan(_pos).StartsWith("\n-}}"))
            {
                if (parenDepth > 0) throw Error("unclosed left paren");
                _tokens.Add(new Token(TokenKind.RightDelim, "}}", _pos + 2, _line));
                _line += c == '\n' ? 1 : 0;
                _pos += 4;
                return true;
            }
            if (_input.AsSpan(_pos).StartsWith("}}"))
            {
                if (parenDepth > 0) throw Error("unclosed left paren");
                _tokens.Add(new Token(TokenKind.RightDelim, "}}", _pos, _line));
                _pos += 2;
                return false;
            }
            int start = _pos;
            switch (c)
            {
                case ' ' or '\t' or '\r':
                    _pos++;
                    break;
                case '\n':
                    _line++;
                    _pos++;
                    break;
                case '|':
                    Emit(TokenKind.Pipe, start, 1);
                    break;
                case '(':
                    parenDepth++;
                    Emit(TokenKind.LeftParen, start, 1);
                    break;
                case ')':
                    if (--parenDepth < 0) throw Error("unexpected right paren");
                    Emit(TokenKind.RightParen, start, 1);
                    break;
                case ',':
                    Emit(TokenKind.Comma, start, 1);
                    break;
                case ':':
                    if (_pos + 1 < _input.Length && _input[_pos + 1] == '=') Emit(TokenKind.Declare, start, 2);
                    else throw Error("expected :=");
                    break;
                case '=':
                    Emit(TokenKind.Assign, start, 1);
                    break;
                case '"':
                    LexQuoted(start);
                    break;
                case '`':
                    LexRaw(start);
                    break;
                case '$':
                    _pos++;
                    while (_pos < _input.Length && IsAlphaNumeric(_input[_pos])) _pos++;
                    _tokens.Add(new Token(TokenKind.Variable, _input[start.._pos], start, _line));
                    break;
                case '.':
                    if (_pos + 1 < _input.Length && char.IsAsciiDigit(_input[_pos + 1]))
                    {
                        LexNumber(start);
                        break;
                    }
                    _pos++;
                    if (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
                    {
                        while (_pos < _input.Length && IsAlphaNumeric(_input[_pos])) _pos++;
                        _tokens.Add(new Token(TokenKind.Field, _input[start.._pos], start, _line));
                    }
                    else _tokens.Add(new Token(TokenKind.Dot, ".", start, _line));
                    break;
                default:
                    if (char.IsAsciiDigit(c) || ((c == '-' || c == '+') && _pos + 1 < _input.Length && (char.IsAsciiDigit(_input[_pos + 1]) || _input[_pos + 1] == '.')))
                    {
                        LexNumber(start);
                    }
                    else if (IsAlphaNumeric(c))
                    {
                        while (_pos < _input.Length && IsAlphaNumeric(_input[_pos])) _pos++;
                        string word = _input[start.._pos];
                        TokenKind kind = word switch
                        {
                            "true" or "false" => TokenKind.Bool,
                            "nil" => TokenKind.Nil,
                            _ when Keywords.Contains(word) => TokenKind.Keyword,
                            _ => TokenKind.Identifier,
                        };
                        _tokens.Add(new Token(kind, word, start, _line));
                    }
                    else
                    {
                        throw Error($"unrecognized character in action: {Describe(c)}");
                    }
                    break;
            }
        }
    }

    private void Emit(TokenKind kind, int start, int length)
    {
        _tokens.Add(new Token(kind, _input.Substring(start, length), start, _line));
        _pos = start + length;
    }

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    private static string Describe(char c) => $"U+{(int)c:X4} '{c}'";

    private void LexNumber(int start)
    {
        _pos++;
        while (_pos < _input.Length && (char.IsAsciiLetterOrDigit(_input[_pos]) || _input[_pos] is '.' or '_' or '+' or '-')
            && !(_input[_pos] is '+' or '-' && char.ToLowerInvariant(_input[_pos - 1]) != 'e'))
            _pos++;
        _tokens.Add(new Token(TokenKind.Number, _input[start.._pos], start, _line));
    }

    private void LexQuoted(int start)
    {
        var sb = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n') throw Error("unterminated quoted string");
            char c = _input[_pos++];
            if (c == '"') break;
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (_pos >= _input.Length) throw Error("unterminated quoted string");
            char e = _input[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case '\'': sb.Append('\''); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'x' or 'u' or 'U':
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (_pos + digits > _input.Length || !int.TryParse(_input.AsSpan(_pos, digits), System.Globalization.NumberStyles.HexNumber, null, out int code))
                        throw Error("invalid syntax");
                    sb.Append(char.ConvertFromUtf32(code));
                    _pos += digits;
                    break;
                default:
                    throw Error("invalid syntax");
            }
        }
        _tokens.Add(new Token(TokenKind.String, sb.ToString(), start, _line));
    }

    private void LexRaw(int start)
    {
        int close = _input.IndexOf('`', _pos + 1);
        if (close < 0) throw Error("unterminated raw quoted string");
        string value = _input[(_pos + 1)..close];
        _tokens.Add(new Token(TokenKind.String, value, start, _line));
        _line += Count(_input, _pos, close);
        _pos = close + 1;
    }
}
