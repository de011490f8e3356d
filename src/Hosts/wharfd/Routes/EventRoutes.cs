using Wharf.Api;
using Wharf.Daemon.Http;
using Wharf.Engine.Events;
using ApiTypes = Wharf.Api.Types;

namespace Wharf.Daemon.Routes;

/// <summary>`docker events`: the engine's event stream, filtered, as newline-separated JSON.</summary>
internal static class EventRoutes
{
    public static void Map(RouteTable routes, DaemonServices services) =>
        routes.Get("/events", context => StreamAsync(context, services.Events));

    private static async Task StreamAsync(HttpContext context, EventLog events)
    {
        var filters = context.Filters();
        filters.Validate("container", "event", "image", "label", "type", "scope", "network", "volume", "daemon", "plugin", "node", "service", "secret", "config");
        var since = ContainerRoutes.LogTime(context.Query("since"));
        var until = ContainerRoutes.LogTime(context.Query("until"));
        await ApiResponse.StartNowAsync(context, ApiResponse.JsonContentType);
        await foreach (var e in events.SubscribeAsync(since, until, context.RequestAborted))
        {
            if (!Matches(filters, e)) continue;
            long nanos = (e.Time - DateTimeOffset.UnixEpoch).Ticks * 100;
            var message = new ApiTypes.EventMessage
            {
                Type = e.Type,
                Action = e.Action,
                // Sorted, as Go marshals a map: clients that print the JSON as it came (wharf) match dockerd's.
                Actor = new ApiTypes.EventActor { ID = e.ActorId, Attributes = new Dictionary<string, string>(e.Attributes.OrderBy(p => p.Key, StringComparer.Ordinal)) },
                Time = nanos / 1_000_000_000,
                TimeNano = nanos,
            };
            await context.Response.Body.WriteAsync(ApiJson.Serialize(message, ApiJson.Context.EventMessage), context.RequestAborted);
            await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static bool Matches(FilterArgs filters, EngineEvent e)
    {
        if (filters.Contains("type") && !filters.Get("type").Contains(e.Type)) return false;
        string action = e.Action.Split(':', 2)[0];
        if (filters.Contains("event") && !filters.Get("event").Contains(action)) return false;
        if (filters.Contains("container"))
        {
            if (e.Type != "container") return false;
            e.Attributes.TryGetValue("name", out string? name);
            if (!filters.Get("container").Any(c => e.ActorId.StartsWith(c, StringComparison.Ordinal) || c == name)) return false;
        }
        if (filters.Contains("image"))
        {
            e.Attributes.TryGetValue("image", out string? image);
            if (!filters.Get("image").Any(i => i == image || (e.Type == "image" && i == e.ActorId))) return false;
        }
        foreach (string label in filters.Get("label"))
        {
            int eq = label.IndexOf('=');
            bool ok = eq < 0 ? e.Attributes.ContainsKey(label) : e.Attributes.TryGetValue(label[..eq], out var v) && v == label[(eq + 1)..];
            if (!ok) return false;
        }
        return true;
    }
}
