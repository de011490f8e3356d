using System.Globalization;
using System.Net;
using System.Text;
using Wharf.Cli.Connection.Http1;

namespace Wharf.Cli.Connection;

/// <summary>
/// The hijack handshake of attach and exec start, on a fresh connection: a POST with
/// <c>Connection: Upgrade</c> and <c>Upgrade: tcp</c>, a <c>101</c> back, and from then on the
/// socket carries the container's streams both ways.
/// </summary>
internal static class Hijack
{
    public static async Task<HijackedStream> OpenAsync(string socketPath, string pathAndQuery, string? jsonBody, CancellationToken cancellationToken)
    {
        DaemonConnection connection = await DaemonConnection.OpenAsync(socketPath, cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
            byte[] request = new RequestHead("POST", pathAndQuery)
                .Add("User-Agent", DaemonClient.UserAgent)
                .Add("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))
                .Add("Content-Type", jsonBody is null ? "text/plain" : "application/json")
                .Add("Connection", "Upgrade")
                .Add("Upgrade", "tcp")
                .ToBytes(body);
            await connection.SendAsync(request, cancellationToken).ConfigureAwait(false);

            ResponseHead response = await connection.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
            if (response.Status == 101)
                return new HijackedStream(connection.Socket, connection.TakeBuffered(), response.Header("Content-Type"));

            if (response.Status >= 400)
            {
                await using var errorBody = ResponseBody.For(connection, response, isHead: false);
                byte[] error = await BoundedRead.ReadAsync(errorBody, DaemonError.MaxBody, cancellationToken).ConfigureAwait(false);
                throw DaemonError.FromBody((HttpStatusCode)response.Status, response.Reason, response.MediaType, error,
                    $"http://{DaemonClient.HostName}{pathAndQuery}");
            }
            throw new CliError($"unable to upgrade to tcp, received {response.Status.ToString(CultureInfo.InvariantCulture)}");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
