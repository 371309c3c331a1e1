using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>
/// The run page for runs that are not a plain finished optimization: a score check (no optimization step), a run
/// cancelled before its first step. It shows what the run measured and no chart or figure that does not apply.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed partial class RunPage_Specs(DashboardSession session)
{
    [Fact]
    public async Task When_a_score_check_is_opened_Should_show_the_champions_score_and_no_step_charts_or_best_dev()
    {
        var id = await session.ScoreCheckAsync("checked");
        var (status, detail) = await session.FinalAsync(id);
        Assert.True(status == "Completed", detail);
        var run = await session.RunAsync(id);
        var page = await session.OpenAsync();

        await page.GotoAsync($"/#/runs/{id}");

        await Expect(page.Locator("#run-status")).ToHaveTextAsync("Completed");
        await Expect(page.Locator("#dev-chart")).ToHaveCountAsync(0);
        await Expect(page.Locator("#budget-chart")).ToHaveCountAsync(0);
        await Expect(page.Locator(".card", new() { HasText = "Best dev" })).ToHaveCountAsync(0);
        await Expect(page.Locator(".actions").First).Not.ToContainTextAsync("step 0/0");
        var score = page.Locator("#checked-score");
        await Expect(score).ToContainTextAsync(Percent(run.GetProperty("initialTestScore").GetDouble()));
        await Expect(score).ToContainTextAsync(Interval());
        await Expect(score).ToContainTextAsync("n = 30 examples");
        await Expect(page.Locator("blockquote.prompt")).ToHaveTextAsync(run.GetProperty("bestPrompt").GetString()!);
        await Screenshots.TakeAsync(page, "run-score-check");
    }

    [Fact]
    public async Task When_a_run_was_cancelled_before_its_first_step_Should_draw_no_empty_chart_and_say_what_was_not_measured()
    {
        await session.CreateTaskAsync("stopped-early", initialPrompt: "Trace every move before you answer Yes or No.", steps: 2);
        session.Host.Hold.Close();
        try
        {
            var id = await session.SubmitAsync("stopped-early");
            await session.WaitUntilHeldAsync();

            Assert.True((await session.Host.Admin().PostAsync($"/v1/runs/{id}/cancel", null)).IsSuccessStatusCode);
            session.Host.Hold.Open();
            var (status, detail) = await session.FinalAsync(id);
            Assert.True(status == "Cancelled", detail);
            var page = await session.OpenAsync();

            await page.GotoAsync($"/#/runs/{id}");

            await Expect(page.Locator("#run-status")).ToHaveTextAsync("Cancelled");
            await Expect(page.Locator("#dev-chart")).ToHaveCountAsync(0);
            await Expect(page.Locator("#budget-chart")).ToHaveCountAsync(0);
            await Expect(page.Locator(".card", new() { HasText = "Test score" })).ToContainTextAsync("not measured: the run ended before its test step");
            await Expect(page.Locator("details.step[data-step='0'] summary")).ToContainTextAsync("not finished (the run cancelled)");
            await Expect(page.Locator("#spend-per-step summary")).ToContainTextAsync("1 step: calls");
            await Screenshots.TakeAsync(page, "run-cancelled-early");
        }
        finally
        {
            session.Host.Hold.Open();
        }
    }

    private static string Percent(double score) => (score * 100).ToString("0.0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\[\d+\.\d, \d+\.\d\]")]
    private static partial Regex Interval();
}
