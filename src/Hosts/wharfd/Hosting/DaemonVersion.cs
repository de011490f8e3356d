using System.Reflection;
using System.Runtime.InteropServices;

namespace Wharf.Daemon.Hosting;

/// <summary>What wharfd says about itself in /version, /info and the Server header.</summary>
internal static class DaemonVersion
{
    private static readonly Assembly Self = typeof(DaemonVersion).Assembly;

    /// <summary>"0.1.0": the informational version without the "+commit" suffix.</summary>
    public static string Version { get; } = Informational.Split('+')[0];

    /// <summary>The git commit the SDK stamped into the informational version, shortened as Docker shows it.</summary>
    public static string GitCommit { get; } = Informational.Split('+') is [_, var commit, ..] ? commit[..Math.Min(7, commit.Length)] : "unknown";

    /// <summary>RFC3339Nano build time.</summary>
    public static string BuildTime { get; } =
        Self.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "BuildTime")?.Value ?? "";

    /// <summary>The runtime in Go's slot ("go1.22.3" in Docker): ".NET 10.0.1".</summary>
    public static string RuntimeVersion => RuntimeInformation.FrameworkDescription;

    /// <summary>Docker's GOARCH spelling: amd64, arm64, ...</summary>
    public static string Architecture => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>The Server header: the build client parses the OS from "Docker/.+ \((.+)\)".</summary>
    public static string ServerHeader { get; } = $"Docker/{Version} (linux)";

    private static string Informational =>
        Self.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
