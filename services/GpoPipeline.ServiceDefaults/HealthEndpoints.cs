namespace GpoPipeline.ServiceDefaults;

/// <summary>Paths of the health endpoints; kept out of traces.</summary>
public static class HealthEndpoints
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";
    public const string LiveTag = "live";

    public static bool IsHealthPath(string? path) =>
        path is not null && path.StartsWith("/health", StringComparison.OrdinalIgnoreCase);
}
