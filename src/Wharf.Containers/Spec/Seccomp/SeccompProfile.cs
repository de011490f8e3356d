using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers;

/// <summary>
/// A seccomp profile in Docker's format (what `--security-opt seccomp=FILE` takes, and what
/// Wharf's built-in default is written in): the runtime-spec fields plus an archMap and rules
/// that apply only with some capabilities, on some architectures or from some kernel on.
/// <see cref="Resolve"/> turns it into the runtime-spec section for one container, as moby's
/// profiles/seccomp setupSeccomp does.
/// </summary>
public sealed record SeccompProfile
{
    /// <summary>The largest profile JSON accepted from a user.</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    public string DefaultAction { get; init; } = "";
    public uint? DefaultErrnoRet { get; init; }
    public List<string>? Architectures { get; init; }
    public List<SeccompArchitecture>? ArchMap { get; init; }
    public List<string>? Flags { get; init; }
    public List<SeccompProfileRule>? Syscalls { get; init; }

    private static readonly Lazy<SeccompProfile> BuiltIn = new(LoadBuiltIn);

    /// <summary>Docker's default profile, as Wharf ships it.</summary>
    public static SeccompProfile Default => BuiltIn.Value;

    /// <summary>Parses a profile given as JSON (the content of `--security-opt seccomp=FILE`).</summary>
    /// <exception cref="WharfException">InvalidArgument naming what is wrong.</exception>
    public static SeccompProfile Parse(string json)
    {
        if (json.Length > MaxJsonBytes) throw WharfException.Invalid($"Decoding seccomp profile failed: it is over {MaxJsonBytes} bytes");
        try
        {
            return JsonSerializer.Deserialize(json, SeccompProfileJsonContext.Default.SeccompProfile)
                ?? throw WharfException.Invalid("Decoding seccomp profile failed: it is null");
        }
        catch (JsonException e)
        {
            throw WharfException.Invalid($"Decoding seccomp profile failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// The runtime-spec seccomp section for a container whose bounding set is
    /// <paramref name="capabilities"/>, on this machine's architecture and kernel; null when the
    /// profile is empty (no default action, no rules: seccomp is off).
    /// </summary>
    /// <param name="kernel">The kernel's "major.minor"; null reads the running kernel's.</param>
    public SeccompSpec? Resolve(IReadOnlyCollection<string> capabilities, Version? kernel = null, Architecture? architecture = null)
    {
        if (string.IsNullOrEmpty(DefaultAction) && (Syscalls is null || Syscalls.Count == 0)) return null;
        if (Architectures is { Count: > 0 } && ArchMap is { Count: > 0 })
            throw WharfException.Invalid("both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");

        var arch = architecture ?? RuntimeInformation.ProcessArchitecture;
        string native = NativeName(arch);
        var architectures = Architectures is { Count: > 0 } ? [.. Architectures] : new List<string>();
        if (SeccompName(arch) is { } seccompArch)
        {
            foreach (var entry in ArchMap ?? [])
            {
                if (entry.Architecture != seccompArch) continue;
                architectures.Add(entry.Architecture);
                architectures.AddRange(entry.SubArchitectures ?? []);
                break;
            }
        }

        var rules = new List<SeccompSyscall>();
        foreach (var rule in Syscalls ?? [])
        {
            var names = rule.Names ?? [];
            if (!string.IsNullOrEmpty(rule.Name))
            {
                if (names.Count > 0) throw WharfException.Invalid("both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
                names = [rule.Name];
            }
            if (rule.Excludes is { } excludes)
            {
                if (excludes.Arches is { Count: > 0 } && excludes.Arches.Contains(native)) continue;
                if (excludes.Caps is { Count: > 0 } && excludes.Caps.Any(capabilities.Contains)) continue;
                if (excludes.MinKernel is { Length: > 0 } && KernelAtLeast(excludes.MinKernel, kernel)) continue;
            }
            if (rule.Includes is { } includes)
            {
                if (includes.Arches is { Count: > 0 } && !includes.Arches.Contains(native)) continue;
                if (includes.Caps is { Count: > 0 } && !includes.Caps.All(capabilities.Contains)) continue;
                if (includes.MinKernel is { Length: > 0 } && !KernelAtLeast(includes.MinKernel, kernel)) continue;
            }
            rules.Add(new SeccompSyscall { Names = [.. names], Action = rule.Action, ErrnoRet = rule.ErrnoRet, Args = rule.Args });
        }

        return new SeccompSpec
        {
            DefaultAction = DefaultAction,
            DefaultErrnoRet = DefaultErrnoRet,
            Architectures = architectures.Count > 0 ? architectures : null,
            Flags = Flags is { Count: > 0 } ? Flags : null,
            Syscalls = rules,
        };
    }

    /// <summary>Go's GOARCH as libseccomp names it, the names "arches" conditions use.</summary>
    private static string NativeName(Architecture arch) => arch switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "x86",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        _ => arch.ToString().ToLowerInvariant(),
    };

    private static string? SeccompName(Architecture arch) => arch switch
    {
        Architecture.X64 => "SCMP_ARCH_X86_64",
        Architecture.X86 => "SCMP_ARCH_X86",
        Architecture.Arm64 => "SCMP_ARCH_AARCH64",
        Architecture.Arm => "SCMP_ARCH_ARM",
        Architecture.S390x => "SCMP_ARCH_S390X",
        Architecture.Ppc64le => "SCMP_ARCH_PPC64LE",
        Architecture.RiscV64 => "SCMP_ARCH_RISCV64",
        Architecture.LoongArch64 => "SCMP_ARCH_LOONGARCH64",
        _ => null,
    };

    /// <summary>Whether the kernel is at least "major.minor" (the patch level and suffixes do not count).</summary>
    private static bool KernelAtLeast(string wanted, Version? kernel)
    {
        string[] parts = wanted.Split('.');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor) || major > 255 || minor > 255)
            throw WharfException.Invalid($"invalid kernel version: \"{UntrustedName.Show(wanted)}\", expected \"<kernel>.<major>\"");
        var running = kernel ?? RunningKernel.Value;
        return running.Major > major || (running.Major == major && running.Minor >= minor);
    }

    private static readonly Lazy<Version> RunningKernel = new(() => ParseKernelRelease(ReadOsRelease()));

    private static string ReadOsRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Environment.OSVersion.Version.ToString();
        }
    }

    /// <summary>"6.18.44-fc-v769" → 6.18.</summary>
    internal static Version ParseKernelRelease(string release)
    {
        var numbers = release.Split('.', '-', '+', '_').Take(2)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0).ToArray();
        return new Version(numbers.Length > 0 ? numbers[0] : 0, numbers.Length > 1 ? numbers[1] : 0);
    }

    private static SeccompProfile LoadBuiltIn()
    {
        using var stream = typeof(SeccompProfile).Assembly.GetManifestResourceStream("Wharf.Containers.default-seccomp.json")
            ?? throw new InvalidOperationException("the built-in seccomp profile is missing from the assembly");
        return JsonSerializer.Deserialize(stream, SeccompProfileJsonContext.Default.SeccompProfile)
            ?? throw new InvalidOperationException("the built-in seccomp profile is null");
    }
}

/// <summary>An architecture and the sub-architectures a profile allows alongside it.</summary>
public sealed record SeccompArchitecture
{
    public string Architecture { get; init; } = "";
    public List<string>? SubArchitectures { get; init; }
}

/// <summary>One rule of a Docker-format profile: syscalls, an action, and when the rule applies.</summary>
public sealed record SeccompProfileRule
{
    /// <summary>Docker's deprecated single-name form.</summary>
    public string? Name { get; init; }
    public List<string>? Names { get; init; }
    public string Action { get; init; } = "";
    public uint? ErrnoRet { get; init; }
    public List<SeccompArg>? Args { get; init; }
    public string? Comment { get; init; }
    public SeccompCondition? Includes { get; init; }
    public SeccompCondition? Excludes { get; init; }
}

/// <summary>When a rule applies: all of these capabilities, one of these architectures, this kernel or newer.</summary>
public sealed record SeccompCondition
{
    public List<string>? Caps { get; init; }
    public List<string>? Arches { get; init; }
    public string? MinKernel { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SeccompProfile))]
internal sealed partial class SeccompProfileJsonContext : JsonSerializerContext;
