namespace Wharf.Cli.Connection;

/// <summary>What GET/HEAD /_ping tells about the daemon (its response headers, as docker reads them).</summary>
internal sealed record DaemonPing(ApiVersion? DaemonVersion, ApiVersion NegotiatedVersion, string? OSType, bool Experimental, string? BuilderVersion, string? Swarm)
{
    public static DaemonPing FromHeaders(HttpResponseMessage response, ApiVersion? pinned)
    {
        string? Header(string name) =>
            response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() :
            response.Content.Headers.TryGetValues(name, out values) ? values.FirstOrDefault() : null;

        ApiVersion? daemon = ApiVersion.TryParse(Header("Api-Version"), out ApiVersion parsed) ? parsed : null;
        ApiVersion negotiated = pinned
            ?? (daemon is ApiVersion d ? (d < ApiVersion.Current ? d : ApiVersion.Current) : ApiVersion.Fallback);
        return new DaemonPing(daemon, negotiated, Header("Ostype"), Header("Docker-Experimental") == "true", Header("Builder-Version"), Header("Swarm"));
    }
}
