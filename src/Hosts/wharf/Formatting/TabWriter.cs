using System.Text;

namespace Wharf.Cli.Formatting;

/// <summary>
/// Go's text/tabwriter (elastic tabstops), as docker/cli's copy of it: tab-terminated cells in
/// consecutive lines form a column padded to its widest cell plus <c>padding</c>, at least
/// <c>minWidth</c>; the last cell of a line is not part of a column. Cell widths count East Asian
/// wide characters as two, like go-runewidth. Docker's tables use (minWidth 10, tabWidth 1,
/// padding 3); `docker version` uses (20, 1, 1).
/// </summary>
internal sealed class TabWriter
{
    private readonly TextWriter _output;
    private readonly int _minWidth;
    private readonly int _padding;
    private readonly char _padChar;
    private readonly StringBuilder _text = new();
    private readonly List<List<Cell>> _lines = [[]];
    private readonly List<int> _widths = [];
    private int _cellStart;

    public TabWriter(TextWriter output, int minWidth, int tabWidth, int padding, char padChar = ' ')
    {
        _output = output;
        _minWidth = minWidth;
        _padding = padding;
        _padChar = padChar;
        _ = tabWidth; // only used for '\t' padding, which docker never asks for
    }

    /// <summary>docker/cli's table settings.</summary>
    public static TabWriter ForTable(TextWriter output) => new(output, 10, 1, 3);

    private readonly record struct Cell(int Size, int Width, bool HTab);

    public void Write(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (ch is not ('\t' or '\v' or '\n' or '\f')) continue;
            _text.Append(text, start, i - start);
            start = i + 1;
            int cells = TerminateCell(ch == '\t');
            if (ch is '\n' or '\f')
            {
                _lines.Add([]);
                // A line of one cell cannot affect the columns that follow: flush early (as Go does).
                if (ch == '\f' || cells == 1) Flush();
            }
        }
        _text.Append(text, start, text.Length - start);
    }

    public void Flush()
    {
        if (_text.Length > _cellStart) TerminateCell(false);
        Format(0, 0, _lines.Count);
        _text.Clear();
        _cellStart = 0;
        _lines.Clear();
        _lines.Add([]);
        _widths.Clear();
    }

    private int TerminateCell(bool htab)
    {
        string cellText = _text.ToString(_cellStart, _text.Length - _cellStart);
        List<Cell> line = _lines[^1];
        line.Add(new Cell(cellText.Length, DisplayWidth(cellText), htab));
        _cellStart = _text.Length;
        return line.Count;
    }

    private int Format(int pos, int line0, int line1)
    {
        int column = _widths.Count;
        for (int current = line0; current < line1; current++)
        {
            if (column >= _lines[current].Count - 1) continue;
            // This line has a cell in this column: print the lines above, then size the block.
            pos = WriteLines(pos, line0, current);
            line0 = current;
            int width = _minWidth;
            for (; current < line1; current++)
            {
                List<Cell> line = _lines[current];
                if (column >= line.Count - 1) break;
                width = Math.Max(width, line[column].Width + _padding);
            }
            _widths.Add(width);
            pos = Format(pos, line0, current);
            _widths.RemoveAt(_widths.Count - 1);
            line0 = current;
        }
        return WriteLines(pos, line0, line1);
    }

    private int WriteLines(int pos, int line0, int line1)
    {
        for (int i = line0; i < line1; i++)
        {
            List<Cell> line = _lines[i];
            for (int j = 0; j < line.Count; j++)
            {
                Cell cell = line[j];
                if (cell.Size > 0)
                {
                    _output.Write(_text.ToString(pos, cell.Size));
                    pos += cell.Size;
                }
                if (j < _widths.Count)
                    _output.Write(new string(_padChar, Math.Max(0, _widths[j] - cell.Width)));
            }
            if (i + 1 < _lines.Count) _output.Write('\n');
        }
        return pos;
    }

    /// <summary>Terminal columns a string takes: wide (CJK, fullwidth, emoji) characters take two.</summary>
    public static int DisplayWidth(string text)
    {
        int width = 0;
        foreach (Rune rune in text.EnumerateRunes())
            width += IsWide(rune.Value) ? 2 : 1;
        return width;
    }

    private static bool IsWide(int c) =>
        c is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0x303E) or (>= 0x3041 and <= 0x33FF)
        or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4CF)
        or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFE30 and <= 0xFE4F)
        or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1F64F)
        or (>= 0x1F900 and <= 0x1F9FF) or (>= 0x20000 and <= 0x3FFFD);
}
