namespace GpoPipeline.Api.Champions;

/// <summary>
/// The one place a stored champion score becomes the score an API client sees. Decision and champion records keep
/// score points (0–100, as the significance test reports them) so existing stores keep working; every score the API
/// answers with is a 0–1 fraction, like a run's <c>bestDevScore</c>.
/// </summary>
public static class ApiScore
{
    public static double? FromPoints(double? points) => points / 100;
}
