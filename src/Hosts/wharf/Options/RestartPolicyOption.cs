using System.Globalization;
using Wharf.Api.Types;

namespace Wharf.Cli.Options;

/// <summary>--restart: "no", "always", "unless-stopped", "on-failure[:N]" (opts.ParseRestartPolicy; the daemon checks the name).</summary>
internal static class RestartPolicyOption
{
    /// <summary>"" gives an empty policy (docker leaves the name unset: older daemons know no "no").</summary>
    public static RestartPolicy Parse(string text)
    {
        if (text.Length == 0) return new RestartPolicy();
        int colon = text.IndexOf(':');
        string name = colon < 0 ? text : text[..colon];
        string count = colon < 0 ? "" : text[(colon + 1)..];
        if (colon >= 0 && name.Length == 0) throw new CliError("invalid restart policy format: no policy provided before colon");
        var policy = new RestartPolicy { Name = name };
        if (count.Length > 0)
        {
            if (!int.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int retries))
                throw new CliError("invalid restart policy format: maximum retry count must be an integer");
            policy.MaximumRetryCount = retries;
        }
        return policy;
    }

    /// <summary>Docker's IsNone: "" and "no" restart nothing.</summary>
    public static bool IsNone(RestartPolicy policy) => policy.Name is "" or "no";
}
