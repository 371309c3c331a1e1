using GpoPipeline.Cli.Hosting;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// The dashboard binds port 0 and `gpo` reads the ports it got from its log. CI #4 of the eighth session: ports picked
/// ahead of time were taken by another process before the dashboard bound them (exit 102 within a second).
/// </summary>
public sealed class DashboardAddresses_Specs
{
    [Fact]
    public async Task When_the_dashboard_logs_its_three_addresses_Should_give_them_whatever_else_it_prints_between_them()
    {
        var addresses = new BoundAddresses();
        foreach (var line in new[]
                 {
                     "info: Aspire.Dashboard.DashboardWebApplication[0]",
                     "      OTLP/HTTP listening on: http://127.0.0.1:41845",
                     "      Aspire dashboard version: 13.6.5",
                     "      Now listening on: http://127.0.0.1:37637",
                     "      OTLP/gRPC listening on: http://127.0.0.1:42969",
                     "            - Dashboard:  http://127.0.0.1:1",
                 })
        {
            addresses.Read(line);
        }

        var bound = await addresses.Bound.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new Uri("http://127.0.0.1:37637"), bound.Url);
        Assert.Equal(new Uri("http://127.0.0.1:42969"), bound.OtlpGrpc);
        Assert.Equal(new Uri("http://127.0.0.1:41845"), bound.OtlpHttp);
    }

    [Theory]
    [InlineData("Now listening on: http://127.0.0.1:37637", "OTLP/gRPC listening on: http://127.0.0.1:42969")]
    [InlineData("Now listening on: not-a-url", "OTLP/gRPC listening on: http://127.0.0.1:42969")]
    public void When_an_address_is_missing_or_unreadable_Should_not_claim_the_dashboard_bound(string first, string second)
    {
        var addresses = new BoundAddresses();
        addresses.Read(first);
        addresses.Read(second);
        addresses.Read("OTLP/HTTP listening on: ");

        Assert.False(addresses.Bound.IsCompleted);
    }
}
