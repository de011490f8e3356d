namespace Wharf.Cli.Connection;

/// <summary>
/// Where the daemon listens: only Unix sockets. The address comes from <c>-H</c>, then
/// <c>WHARF_HOST</c>, then <see cref="DefaultAddress"/>. <c>DOCKER_HOST</c> is deliberately not
/// read: it usually points at a Docker daemon (often over TCP), and wharf quietly driving that
/// one instead of wharfd would surprise; <c>-H</c>/<c>WHARF_HOST</c> reach dockerd when wanted.
/// </summary>
internal sealed record DaemonEndpoint(string Address, string SocketPath)
{
    public const string DefaultAddress = "unix:///run/wharf.sock";
    public const string HostVariable = "WHARF_HOST";

    public static DaemonEndpoint Default { get; } = new(DefaultAddress, "/run/wharf.sock");

    public static DaemonEndpoint Resolve(IReadOnlyList<string> hostFlags, Func<string, string?> environment)
    {
        if (hostFlags.Count > 1)
            throw Unresolvable("Specify only one -H");
        string? value = hostFlags.Count == 1 ? hostFlags[0] : environment(HostVariable);
        return string.IsNullOrWhiteSpace(value) ? Default : Parse(value.Trim());
    }

    /// <summary>"unix:///path" or an absolute path; "tcp://…" is refused (no TLS client yet).</summary>
    public static DaemonEndpoint Parse(string value)
    {
        if (value.StartsWith('/'))
            return new DaemonEndpoint("unix://" + value, value);
        int scheme = value.IndexOf("://", StringComparison.Ordinal);
        string protocol = scheme < 0 ? "tcp" : value[..scheme];
        string rest = scheme < 0 ? value : value[(scheme + 3)..];
        switch (protocol)
        {
            case "unix":
                if (rest.Length == 0) return Default;
                if (!rest.StartsWith('/'))
                    throw Unresolvable($"invalid unix socket address {value}: the path must be absolute");
                return new DaemonEndpoint("unix://" + rest, rest);
            case "tcp":
            case "http":
            case "https":
                throw Unresolvable(
                    $"{value}: wharf connects to its daemon only over a Unix socket (TCP needs TLS, which wharf does not have yet, " +
                    "and an unauthenticated TCP connection to a root daemon is refused); use -H unix:///path/to/socket");
            default:
                throw Unresolvable($"invalid bind address format: {value}");
        }
    }

    private static CliError Unresolvable(string reason) => new($"Failed to initialize: unable to resolve wharf endpoint: {reason}");
}
