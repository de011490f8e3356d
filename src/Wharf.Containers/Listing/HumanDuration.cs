namespace Wharf.Containers;

/// <summary>go-units' HumanDuration: the rough durations of `docker ps` ("About a minute", "3 weeks").</summary>
public static class HumanDuration
{
    public static string Format(TimeSpan duration)
    {
        long seconds = (long)duration.TotalSeconds; // Go truncates toward zero
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return $"{seconds} seconds";
        long minutes = (long)duration.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        long hours = (long)(duration.TotalHours + 0.5);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return $"{(long)duration.TotalHours / 24 / 365} years";
    }
}
