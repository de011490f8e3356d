using System.Globalization;
using Wharf.Api.Types;

namespace Wharf.Cli.Options;

/// <summary>
/// --gpus all | N | driver=...,count=...,device=...,capabilities=...,options=... (docker/cli's
/// GpuOpts.Set): one device request per flag, "gpu" always among the capabilities.
/// </summary>
internal static class GpuRequest
{
    public static DeviceRequest Parse(string value)
    {
        var request = new DeviceRequest();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string field in CsvFields.Read(value))
        {
            int eq = field.IndexOf('=');
            string key = eq < 0 ? field : field[..eq];
            string val = eq < 0 ? "" : field[(eq + 1)..];
            if (!seen.Add(key)) throw new FormatException($"gpu request key '{key}' can be specified only once");
            if (eq < 0)
            {
                seen.Add("count");
                request.Count = ParseCount(key);
                continue;
            }
            switch (key)
            {
                case "driver":
                    request.Driver = val;
                    break;
                case "count":
                    request.Count = ParseCount(val);
                    break;
                case "device":
                    request.DeviceIDs = [.. val.Split(',')];
                    break;
                case "capabilities":
                    request.Capabilities = [[.. val.Split(','), "gpu"]];
                    break;
                case "options":
                    List<string> options;
                    try
                    {
                        options = CsvFields.Read(val);
                    }
                    catch (FormatException e)
                    {
                        throw new FormatException($"failed to read gpu options: {e.Message}");
                    }
                    request.Options = KeyValueOptions.ToMap(options);
                    break;
                default:
                    throw new FormatException($"unexpected key '{key}' in '{field}'");
            }
        }
        if (!seen.Contains("count") && request.DeviceIDs is null) request.Count = 1;
        request.Options ??= [];
        request.Capabilities ??= [["gpu"]];
        return request;
    }

    /// <summary>"all" is -1; otherwise strconv.Atoi with docker's wrapping.</summary>
    private static int ParseCount(string text)
    {
        if (text == "all") return -1;
        string digits = text.StartsWith('+') || text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
            throw new FormatException($"invalid count ({text}): value must be either \"all\" or an integer: invalid syntax");
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int count))
            throw new FormatException($"invalid count ({text}): value must be either \"all\" or an integer: value out of range");
        return count;
    }
}
