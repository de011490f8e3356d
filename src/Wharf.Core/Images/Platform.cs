using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CpuArchitecture = System.Runtime.InteropServices.Architecture;

namespace Wharf.Core.Images;

/// <summary>
/// The platform an image is built for (image-spec's platform object), with the specifier syntax,
/// normalisation and host detection of containerd's platforms package, which Docker uses.
/// </summary>
public sealed partial record Platform
{
    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = "";

    [JsonPropertyName("os")]
    public string OS { get; init; } = "";

    [JsonPropertyName("os.version")]
    public string? OSVersion { get; init; }

    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OSFeatures { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    /// <summary>The platform of this machine, as images name it (linux/amd64, linux/arm64, ...).</summary>
    public static Platform Host { get; } = DetectHost();

    /// <summary>"os/arch[/variant]", the form `--platform` takes and `docker inspect` prints.</summary>
    public override string ToString() =>
        OS.Length == 0 ? "unknown" : string.Join('/', new[] { OS, Architecture, Variant }.Where(p => !string.IsNullOrEmpty(p)));

    /// <summary>
    /// Parses a specifier: "os", "arch", "os/arch" or "os/arch/variant", where os may carry a
    /// version, "windows(10.0.17763)". A lone component is an OS if known, else an architecture;
    /// the missing half comes from the host. Names are normalised (aarch64 → arm64, ...); as in
    /// containerd, arm's default v7 is left out unless written and "arm64/v8" keeps its variant.
    /// </summary>
    public static Platform Parse(string specifier)
    {
        if (specifier.Contains('*')) throw Invalid(specifier, "wildcards not yet supported");
        string[] parts = specifier.Split('/', 4);
        if (parts.Length > 3) throw Invalid(specifier, "cannot parse platform specifier");

        var os = OsPattern().Match(parts[0]);
        if (!os.Success) throw Invalid(specifier, $"\"{parts[0]}\" is an invalid OS component");
        foreach (string part in parts.Skip(1))
            if (!ComponentPattern().IsMatch(part)) throw Invalid(specifier, $"\"{part}\" is an invalid component");

        string osName = NormalizeOS(os.Groups[1].Value);
        string? osVersion = os.Groups[2].Value.Length > 0 ? Uri.UnescapeDataString(os.Groups[2].Value) : null;
        string[]? osFeatures = os.Groups[3].Value.Length > 0
            ? os.Groups[3].Value[1..].Split('+').Select(Uri.UnescapeDataString).ToArray()
            : null;

        switch (parts.Length)
        {
            case 1 when IsKnownOS(osName):
                return new Platform { OS = osName, OSVersion = osVersion, OSFeatures = osFeatures, Architecture = Host.Architecture, Variant = Host.Variant };
            case 1:
            {
                var (arch, variant) = NormalizeArchitecture(parts[0], null);
                if (!IsKnownArchitecture(arch)) throw Invalid(specifier, "unknown operating system or architecture");
                return new Platform { OS = Host.OS, Architecture = arch, Variant = arch == "arm" && variant == "v7" ? null : variant };
            }
            case 2:
            {
                var (arch, variant) = NormalizeArchitecture(parts[1], null);
                return new Platform { OS = osName, OSVersion = osVersion, OSFeatures = osFeatures, Architecture = arch, Variant = arch == "arm" && variant == "v7" ? null : variant };
            }
            default:
            {
                var (arch, variant) = NormalizeArchitecture(parts[1], parts[2]);
                // A variant given in full stays visible: "linux/arm64/v8" prints as it was written.
                return new Platform { OS = osName, OSVersion = osVersion, OSFeatures = osFeatures, Architecture = arch, Variant = arch == "arm64" && variant is null ? "v8" : variant };
            }
        }
    }

    public static bool TryParse(string specifier, out Platform? platform)
    {
        try
        {
            platform = Parse(specifier);
            return true;
        }
        catch (WharfException)
        {
            platform = null;
            return false;
        }
    }

    /// <summary>
    /// The canonical form used for comparison: lower case, aarch64 → arm64, x86_64 → amd64,
    /// the default variants (arm64 v8, amd64 v1) dropped, arm's default v7 made explicit.
    /// </summary>
    public Platform Normalize()
    {
        var (arch, variant) = NormalizeArchitecture(Architecture, Variant);
        return this with
        {
            OS = NormalizeOS(OS),
            Architecture = arch,
            Variant = variant,
            OSVersion = string.IsNullOrEmpty(OSVersion) ? null : OSVersion,
            OSFeatures = OSFeatures is { Count: > 0 } ? OSFeatures.Distinct().Order(StringComparer.Ordinal).ToArray() : null,
        };
    }

    // Records compare lists by reference; platforms compare their features by content.
    public bool Equals(Platform? other) =>
        other is not null && OS == other.OS && Architecture == other.Architecture && Variant == other.Variant
        && OSVersion == other.OSVersion && (OSFeatures ?? []).SequenceEqual(other.OSFeatures ?? []);

    public override int GetHashCode() => HashCode.Combine(OS, Architecture, Variant, OSVersion);

    internal static string NormalizeOS(string os)
    {
        if (os.Length == 0) return Host.OS;
        os = os.ToLowerInvariant();
        return os == "macos" ? "darwin" : os;
    }

    internal static (string Architecture, string? Variant) NormalizeArchitecture(string architecture, string? variant)
    {
        string arch = architecture.ToLowerInvariant();
        string? v = string.IsNullOrEmpty(variant) ? null : variant.ToLowerInvariant();
        switch (arch)
        {
            case "i386":
                return ("386", null);
            case "x86_64" or "x86-64" or "amd64":
                return ("amd64", v == "v1" ? null : v);
            case "aarch64" or "arm64":
                return ("arm64", v is "8" or "v8" ? null : v);
            case "armhf":
                return ("arm", "v7");
            case "armel":
                return ("arm", "v6");
            case "arm":
                return ("arm", v switch { null or "7" => "v7", "5" or "6" or "8" => "v" + v, _ => v });
            default:
                return (arch, v);
        }
    }

    private static bool IsKnownOS(string os) => os is "aix" or "android" or "darwin" or "dragonfly" or "freebsd"
        or "hurd" or "illumos" or "ios" or "js" or "linux" or "nacl" or "netbsd" or "openbsd" or "plan9"
        or "solaris" or "windows" or "zos";

    private static bool IsKnownArchitecture(string arch) => arch is "386" or "amd64" or "amd64p32" or "arm"
        or "armbe" or "arm64" or "arm64be" or "ppc64" or "ppc64le" or "loong64" or "mips" or "mipsle" or "mips64"
        or "mips64le" or "mips64p32" or "mips64p32le" or "ppc" or "riscv" or "riscv64" or "s390" or "s390x"
        or "sparc" or "sparc64" or "wasm";

    private static Platform DetectHost()
    {
        string os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows"
            : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsFreeBSD() ? "freebsd" : "unknown";
        var (arch, variant) = RuntimeInformation.OSArchitecture switch
        {
            CpuArchitecture.X64 => ("amd64", (string?)null),
            CpuArchitecture.X86 => ("386", null),
            CpuArchitecture.Arm64 => ("arm64", null),
            // containerd reads the variant from /proc/cpuinfo; v7 is what every arm32 .NET runs on.
            CpuArchitecture.Armv6 => ("arm", "v6"),
            CpuArchitecture.Arm => ("arm", "v7"),
            CpuArchitecture.S390x => ("s390x", null),
            CpuArchitecture.Ppc64le => ("ppc64le", null),
            CpuArchitecture.LoongArch64 => ("loong64", null),
            CpuArchitecture.RiscV64 => ("riscv64", null),
            var other => (other.ToString().ToLowerInvariant(), null),
        };
        return new Platform { OS = os, Architecture = arch, Variant = variant };
    }

    private static WharfException Invalid(string specifier, string reason) =>
        WharfException.Invalid($"invalid platform \"{specifier}\": {reason}");

    [GeneratedRegex(@"\A([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?\z")]
    private static partial Regex OsPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_.-]+\z")]
    private static partial Regex ComponentPattern();
}
