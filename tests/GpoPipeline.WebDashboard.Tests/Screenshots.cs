using Microsoft.Playwright;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>Full-page screenshots of the page as it is, at the two widths issue 16 names, kept as test artifacts.</summary>
public static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
            // Chart.js redraws on the resize observer's next frames: wait for two animation frames, not a fixed time.
            await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            var file = Path.Combine(Artifacts.Directory, $"web-{name}-{width}.png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = true });
            Assert.True(new FileInfo(file).Length > 5_000, $"{file} is suspiciously small for a rendered page");
        }

        await page.SetViewportSizeAsync(1280, 900);
    }
}
