namespace GpoPipeline.Cli.Hosting;

/// <summary>Where the dashboard listens: its UI (and JSON API), and its OTLP receivers.</summary>
public sealed record DashboardAddresses(Uri Url, Uri OtlpGrpc, Uri OtlpHttp);

/// <summary>
/// Reads the three "… listening on: http://…" lines the Aspire dashboard logs once Kestrel has bound its ports.
/// Binding port 0 and reading the ports back replaces picking free ports ahead of time: a port picked and released
/// could be taken by any other process before the dashboard bound it (it then exits 102, "address already in use").
/// </summary>
internal sealed class BoundAddresses
{
    private const string Ui = "Now listening on:";
    private const string Grpc = "OTLP/gRPC listening on:";
    private const string Http = "OTLP/HTTP listening on:";
    private readonly TaskCompletionSource<DashboardAddresses> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? _url;
    private Uri? _grpc;
    private Uri? _http;

    public Task<DashboardAddresses> Bound => _bound.Task;

    public void Read(string line)
    {
        lock (_bound)
        {
            _url ??= After(line, Ui);
            _grpc ??= After(line, Grpc);
            _http ??= After(line, Http);
            if (_url is not null && _grpc is not null && _http is not null)
            {
                _bound.TrySetResult(new DashboardAddresses(_url, _grpc, _http));
            }
        }
    }

    private static Uri? After(string line, string label)
    {
        var at = line.IndexOf(label, StringComparison.Ordinal);
        return at >= 0 && Uri.TryCreate(line[(at + label.Length)..].Trim(), UriKind.Absolute, out var uri) ? uri : null;
    }
}
