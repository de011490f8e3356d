using Wharf.Runtime.State;

namespace Wharf.Runtime.Tests;

public class ProcessStatTests
{
    [Fact]
    public void Parses_state_and_start_time_even_with_parentheses_in_the_name()
    {
        string line = "1234 (we (ird) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100";
        var stat = ProcessStat.Parse(line);
        Assert.NotNull(stat);
        Assert.Equal('S', stat.Value.State);
        Assert.Equal(987654UL, stat.Value.StartTime);
    }

    [Fact]
    public void Reads_the_current_process_and_reports_a_missing_one_as_null()
    {
        var self = ProcessStat.Read(Environment.ProcessId);
        Assert.NotNull(self);
        Assert.False(self.Value.IsZombieOrDead);
        Assert.Null(ProcessStat.Read(int.MaxValue));
    }
}
