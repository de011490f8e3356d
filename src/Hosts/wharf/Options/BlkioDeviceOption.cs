using System.Globalization;
using Wharf.Api.Types;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Options;

/// <summary>
/// --blkio-weight-device and --device-{read,write}-{bps,iops} DEVICE:VALUE (docker/cli's
/// ValidateWeightDevice / ValidateThrottleBpsDevice / ValidateThrottleIOpsDevice).
/// </summary>
internal static class BlkioDeviceOption
{
    public static WeightDevice Weight(string value)
    {
        (string path, string text) = Split(value);
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong weight) || weight > ushort.MaxValue
            || (weight > 0 && weight is < 10 or > 1000))
            throw new FormatException($"invalid weight for device: {value}");
        return new WeightDevice { Path = path, Weight = (int)weight };
    }

    public static ThrottleDevice Bps(string value)
    {
        (string path, string text) = Split(value);
        long rate;
        try
        {
            rate = Units.RamInBytes(text);
        }
        catch (FormatException)
        {
            rate = -1;
        }
        if (rate < 0)
            throw new FormatException($"invalid rate for device: {value}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb");
        return new ThrottleDevice { Path = path, Rate = rate };
    }

    public static ThrottleDevice Iops(string value)
    {
        (string path, string text) = Split(value);
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong rate) || rate > long.MaxValue)
            throw new FormatException($"invalid rate for device: {value}. The correct format is <device-path>:<number>. Number must be a positive integer");
        return new ThrottleDevice { Path = path, Rate = (long)rate };
    }

    private static (string Path, string Value) Split(string value)
    {
        int colon = value.IndexOf(':');
        if (colon <= 0) throw new FormatException($"bad format: {value}");
        string path = value[..colon];
        if (!path.StartsWith("/dev/", StringComparison.Ordinal)) throw new FormatException($"bad format for device path: {value}");
        return (path, value[(colon + 1)..]);
    }
}
