using Microsoft.Playwright;

namespace GpoPipeline.Dashboard.Tests;

/// <summary>
/// The dashboard is a Blazor app (a plain `chromium --screenshot` gets a blank page): Playwright drives Debian's
/// chromium (tests/run.sh installs it), waits for the step's waterfall and keeps a screenshot as a test artifact.
/// </summary>
[Collection(ObservedDashboard.Name)]
public sealed class DashboardScreenshot_Specs(ObservedRun observed)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task When_an_optimization_step_is_opened_in_the_dashboard_Should_render_its_phase_waterfall()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (tests/run.sh installs it).");
        var step = Assert.Single(observed.Spans, s => s.Name == "gpo.step" && s["gpo.step"] == "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1250 } });

        await page.GotoAsync(new Uri(observed.Dashboard.Url, $"traces/detail/{step.TraceId}").ToString());
        // The waterfall renders after the Blazor circuit connects: wait for the step's own phase spans.
        foreach (var phase in new[] { "gpo.retrieval", "gpo.generation", "gpo.scoring.batch" })
        {
            await page.GetByText(phase).First.WaitForAsync(new() { Timeout = 60_000 });
        }

        var file = Path.Combine(Artifacts.Directory, "dashboard-step-waterfall.png");
        await page.ScreenshotAsync(new() { Path = file });
        Assert.True(new FileInfo(file).Length > 20_000, $"{file} is suspiciously small for a rendered waterfall");
    }
}
