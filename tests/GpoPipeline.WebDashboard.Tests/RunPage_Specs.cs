using System.Globalization;
using System.Text.RegularExpressions;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>
/// The run page for runs that are not a plain finished optimization: a score check (no optimization step), a run
/// cancelled before its first step, an optimization the scheduler has not created (submitted, or whose start failed).
/// It shows what the run measured and no chart or figure that does not apply.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed partial class RunPage_Specs(DashboardSession session) : BrowserSpecs
{
    protected override DashboardSession Session => session;

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
            // Cancelled while the hold keeps step 0 open: the cancel is a message the scheduler takes later, and held
            // answers let go before it could finish step 0 first (then the run stops at step 1, not before it).
            var (status, detail) = await session.FinalAsync(id);
            Assert.True(status == "Cancelled", detail);
            session.Host.Hold.Open();
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

    [Theory]
    [InlineData(null, "Submitted", "not started yet")]
    [InlineData("the control plane could not publish the StartRun (InvalidOperationException: the broker is unreachable)", "Failed", "never started")]
    public async Task When_an_optimization_has_no_run_yet_Should_not_be_shown_as_a_score_check(string? startFailure, string status, string stepText)
    {
        // As the control plane records a submission the scheduler has not taken, or one whose start failed (FailedStarts):
        // no run document, so the API answers totalSteps 0, as it does for a score check.
        var id = Guid.NewGuid();
        var submission = new SubmissionRecord
        {
            RunId = id, Task = "never-started", ChampionVersion = 1, DatasetVersion = 1, Trigger = "manual", SubmittedAt = DateTime.UtcNow,
            StartFailure = startFailure,
        };
        Assert.True(await session.Host.Services.GetRequiredService<ControlPlaneStore>().TryAddSubmissionAsync(submission));
        var page = await session.OpenAsync();

        await page.GotoAsync($"/#/runs/{id}");

        await Expect(page.Locator("#run-status")).ToHaveTextAsync(status);
        var line = page.Locator(".actions").First;
        await Expect(line).ToContainTextAsync(stepText);
        await Expect(line).Not.ToContainTextAsync("no optimization steps");
        await Expect(line).ToContainTextAsync("· submitted "); // not "started": the scheduler never created it
        await Expect(page.Locator(".card", new() { HasText = "Champion's score on the newest examples" })).ToHaveCountAsync(0);
        await Expect(page.Locator(".card", new() { HasText = "Best dev" })).ToContainTextAsync("no optimization step has completed");
        await Expect(page.Locator(".card", new() { HasText = "Test score" })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).Not.ToContainTextAsync("the check");
        if (startFailure is not null)
        {
            await Expect(page.Locator(".notice")).ToHaveTextAsync(startFailure);
        }

        // Never created: nothing to resume; a submission the scheduler has not taken yet can still be cancelled.
        await Expect(page.Locator("#resume-run")).ToBeDisabledAsync();
        await Expect(page.Locator("#cancel-run")).ToBeEnabledAsync(new() { Enabled = startFailure is null });

        await Screenshots.TakeAsync(page, $"run-{status.ToLowerInvariant()}-not-started");
    }

    private static string Percent(double score) => (score * 100).ToString("0.0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\[\d+\.\d, \d+\.\d\]")]
    private static partial Regex Interval();
}
