using System.Globalization;
using Wharf.Api;

namespace Wharf.Daemon.Http;

/// <summary>Query and route values read as moby's httputils does.</summary>
internal static class RequestArgs
{
    /// <summary>A route parameter ({name} / {name*}).</summary>
    public static string Route(this HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out object? value) && value is string text ? text : "";

    /// <summary>The first value of a query parameter; null when absent.</summary>
    public static string? Query(this HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>Every value of a repeated query parameter (names=a&amp;names=b).</summary>
    public static IReadOnlyList<string> QueryAll(this HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) ? values.Where(v => v is not null).Select(v => v!).ToArray() : [];

    /// <summary>Moby's BoolValue: absent, "", "0", "no", "false", "none" are false; anything else true.</summary>
    public static bool QueryBool(this HttpContext context, string name)
    {
        string value = (context.Query(name) ?? "").Trim().ToLowerInvariant();
        return value is not ("" or "0" or "no" or "false" or "none");
    }

    /// <summary>An integer parameter; <paramref name="fallback"/> when absent or empty; 400 when not a number.</summary>
    public static long QueryInt(this HttpContext context, string name, long fallback)
    {
        string? value = context.Query(name);
        if (string.IsNullOrEmpty(value)) return fallback;
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number)
            ? number
            : throw new ApiRequestException($"invalid value for {name}: {value}: not an integer");
    }

    /// <summary>The <c>filters</c> parameter, parsed.</summary>
    public static FilterArgs Filters(this HttpContext context) => FilterArgs.Parse(context.Query("filters"));

    /// <summary>The API version of this request (from its /vX.Y/ prefix, or the default).</summary>
    public static ApiVersion ApiVersion(this HttpContext context) =>
        context.Items.TryGetValue(ApiPipeline.VersionKey, out object? value) && value is ApiVersion version ? version : Wharf.Api.ApiVersion.Default;
}
