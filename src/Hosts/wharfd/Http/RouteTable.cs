namespace Wharf.Daemon.Http;

/// <summary>
/// The API's routes: (method, template, handler). A template is literal segments and parameters:
/// <c>{id}</c> takes one segment, <c>{name*}</c> one or more (image names hold '/' and ':', as moby's
/// <c>{name:.*}</c>). Routes are tried in the order they were added, so literal routes
/// (<c>/images/json</c>) go before the parameter routes that could also match them.
/// </summary>
internal sealed class RouteTable
{
    private readonly List<Route> _routes = [];

    public RouteTable Map(string method, string template, RequestDelegate handler)
    {
        _routes.Add(new Route(method, Parse(template), handler, template));
        return this;
    }

    public RouteTable Get(string template, RequestDelegate handler) => Map(HttpMethods.Get, template, handler);
    public RouteTable Head(string template, RequestDelegate handler) => Map(HttpMethods.Head, template, handler);
    public RouteTable Post(string template, RequestDelegate handler) => Map(HttpMethods.Post, template, handler);
    public RouteTable Put(string template, RequestDelegate handler) => Map(HttpMethods.Put, template, handler);
    public RouteTable Delete(string template, RequestDelegate handler) => Map(HttpMethods.Delete, template, handler);

    /// <summary>The handler for <paramref name="method"/> and <paramref name="path"/> (without the version prefix), with its parameters; null when none matches.</summary>
    public RequestDelegate? Match(string method, string path, IDictionary<string, object?> values)
    {
        string[] segments = path.Trim('/').Split('/');
        foreach (var route in _routes)
        {
            if (!string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase)) continue;
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!Matches(route.Segments, 0, segments, 0, found)) continue;
            foreach (var (key, value) in found) values[key] = value;
            return route.Handler;
        }
        return null;
    }

    /// <summary>The templates, for logs and tests.</summary>
    public IEnumerable<string> Templates => _routes.Select(r => $"{r.Method} {r.Template}");

    private static bool Matches(Segment[] template, int t, string[] path, int p, Dictionary<string, string> found)
    {
        if (t == template.Length) return p == path.Length;
        var segment = template[t];
        if (p == path.Length) return false;
        switch (segment.Kind)
        {
            case SegmentKind.Literal:
                return string.Equals(segment.Text, path[p], StringComparison.Ordinal) && Matches(template, t + 1, path, p + 1, found);
            case SegmentKind.One:
                if (path[p].Length == 0) return false;
                found[segment.Text] = Unescape(path[p]);
                return Matches(template, t + 1, path, p + 1, found);
            default:
                // Greedy: the longest run of segments that lets the rest of the template match.
                int rest = template.Length - t - 1;
                for (int take = path.Length - p - rest; take >= 1; take--)
                {
                    if (!Matches(template, t + 1, path, p + take, found)) continue;
                    string value = string.Join('/', path, p, take);
                    if (value.Length == 0) return false;
                    found[segment.Text] = Unescape(value);
                    return true;
                }
                return false;
        }
    }

    // Kestrel decodes the path except for "%2F"; Go's mux sees a decoded path, so decode that too.
    private static string Unescape(string value) =>
        value.Contains('%') ? value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : value;

    private static Segment[] Parse(string template) =>
        template.Trim('/').Split('/').Select(part =>
            part.StartsWith('{') && part.EndsWith("*}", StringComparison.Ordinal) ? new Segment(SegmentKind.Many, part[1..^2])
            : part.StartsWith('{') && part.EndsWith('}') ? new Segment(SegmentKind.One, part[1..^1])
            : new Segment(SegmentKind.Literal, part)).ToArray();

    private enum SegmentKind { Literal, One, Many }

    private sealed record Segment(SegmentKind Kind, string Text);

    private sealed record Route(string Method, Segment[] Segments, RequestDelegate Handler, string Template);
}
