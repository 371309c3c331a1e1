using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>
/// The operator's web dashboard (issue 16) in Debian's chromium driven by Playwright, against the control plane with
/// in-process workers and the simulated LLM (a test instrument: its scores are not model quality).
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed class WebDashboard_Specs(DashboardSession session) : BrowserSpecs
{
    protected override DashboardSession Session => session;

    private static readonly LocatorAssertionsToHaveTextOptions RunLong = new() { Timeout = (float)DashboardSession.RunBudget.TotalMilliseconds };

    [Fact]
    public async Task When_a_wrong_key_is_entered_Should_show_an_error_not_a_blank_page()
    {
        var page = await session.OpenAsync(key: null);
        await Screenshots.TakeAsync(page, "sign-in");

        await page.GetByLabel("API key").FillAsync("gpo_0123456789ab_not-the-right-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This key was not accepted: The API key is unknown or revoked.");
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('gpo.apiKey')"));
        await page.GetByLabel("API key").FillAsync("not-a-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not a GpoPipeline key");
        await Screenshots.TakeAsync(page, "sign-in-error");
    }

    [Fact]
    public async Task When_a_run_is_started_Should_reach_completed_in_the_runs_table_without_a_reload()
    {
        await session.CreateTaskAsync("watched");
        var page = await session.OpenAsync();
        await Expect(page.Locator("#live")).ToHaveTextAsync("Live: updates arrive as runs progress.");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        var id = await session.SubmitAsync("watched");
        var row = page.Locator($"tr[data-run-id='{id}']");

        await Expect(row.Locator("td[data-col=task]")).ToHaveTextAsync("watched", RunLong);
        await Expect(row.Locator("td[data-col=status]")).ToHaveTextAsync("Completed", RunLong);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        var run = await session.RunAsync(id);
        await Expect(row.Locator("td[data-col=step]")).ToHaveTextAsync($"{run.GetProperty("totalSteps").GetInt32()}/{run.GetProperty("totalSteps").GetInt32()}");
        await Expect(row.Locator("td[data-col=best]")).ToHaveTextAsync(Percent(run.GetProperty("bestDevScore").GetDouble()));

        await page.GetByLabel("Status").SelectOptionAsync("Failed");
        await Expect(row).ToHaveCountAsync(0);
        await page.GetByLabel("Status").SelectOptionAsync("Submitted"); // every status the API shows is a filter
        await Expect(row).ToHaveCountAsync(0);
        await page.GetByLabel("Status").SelectOptionAsync("Completed");
        await Expect(row).ToHaveCountAsync(1);
        await page.GetByLabel("Status").SelectOptionAsync("");
        await Screenshots.TakeAsync(page, "runs");

        // The event stream was opened with a stream token in its query: neither it nor the key reaches a log.
        var token = session.RequestedUrls.LastOrDefault(u => u.Contains("/v1/runs/events?", StringComparison.Ordinal)) ?? "";
        Assert.Contains("access_token=gst_", token, StringComparison.Ordinal);
        var secret = token[(token.IndexOf("access_token=", StringComparison.Ordinal) + "access_token=".Length)..];
        Assert.NotEmpty(session.Host.Logs);
        Assert.DoesNotContain(session.Host.Logs, line => line.Contains(secret, StringComparison.Ordinal) || line.Contains(Uri.UnescapeDataString(secret), StringComparison.Ordinal));
        Assert.DoesNotContain(session.Host.Logs, line => line.Contains("web-dashboard-admin-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_a_completed_run_is_opened_Should_draw_a_point_per_step_diff_the_selected_prompts_and_show_the_test_interval()
    {
        var id = await session.PromotedRunAsync();
        var run = await session.RunAsync(id);
        var trajectory = run.GetProperty("trajectory").EnumerateArray().ToList();
        var page = await session.OpenAsync();

        await page.GotoAsync($"/#/runs/{id}");
        await Expect(page.Locator("#test-interval")).ToContainTextAsync("95 % bootstrap interval");

        Assert.True(trajectory.Count > 1, run.ToString());
        Assert.Equal(trajectory.Count, await PointsAsync(page, "dev-chart", 0));
        Assert.Equal(trajectory.Count, await PointsAsync(page, "dev-chart", 1)); // the baseline, drawn at every step
        Assert.Equal(trajectory.Count - 1, await PointsAsync(page, "budget-chart", 0));
        Assert.Equal(trajectory.Count - 1, await PointsAsync(page, "budget-chart", 1));
        var devScores = await page.EvaluateAsync<double[]>("() => Chart.getChart(document.querySelector('#dev-chart')).data.datasets[0].data");
        Assert.Equal(trajectory.Select(t => Math.Round(t.GetProperty("devScore").GetDouble() * 100, 6)), devScores.Select(d => Math.Round(d, 6)));

        // The first step that changed the prompt: its diff marks a word the new prompt has and the old one lacks.
        var changed = Enumerable.Range(1, trajectory.Count - 1).First(i => Prompt(trajectory[i]) != Prompt(trajectory[i - 1]));
        var newWords = Words(Prompt(trajectory[changed])).Except(Words(Prompt(trajectory[changed - 1]))).ToHashSet();
        var step = trajectory[changed].GetProperty("step").GetInt32();
        var inserted = await page.Locator($"[data-diff-step='{step}'] ins").AllTextContentsAsync();
        Assert.Contains(inserted.SelectMany(Words), newWords.Contains);
        Assert.Equal(Words(Prompt(trajectory[changed])), Words(await page.Locator($"[data-diff-step='{step}']").EvaluateAsync<string>(
            "e => [...e.childNodes].filter(n => n.nodeName !== 'DEL').map(n => n.textContent).join(' ')")));

        var test = page.Locator("#test-interval");
        await Expect(test).ToContainTextAsync(Percent(run.GetProperty("initialTestScore").GetDouble()));
        await Expect(test).ToContainTextAsync(Percent(run.GetProperty("bestTestScore").GetDouble()));
        await Expect(test).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\[\d+\.\d, \d+\.\d\]"));
        await page.Locator("#spend-per-step summary").ClickAsync(); // the spend table, with the trace links, is one click away
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "trace of step 1" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^http://traces.example/trace/[0-9a-f]{32}$"));
        await Screenshots.TakeAsync(page, "run");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screenshots.TakeAsync(page, "run-dark");
    }

    [Fact]
    public async Task When_a_run_asks_what_an_earlier_run_answered_Should_say_on_its_spend_card_how_many_calls_the_store_saved()
    {
        await session.CreateTaskAsync("repeated", steps: 1);
        var first = await session.SubmitAsync("repeated");
        Assert.Equal("Completed", (await session.FinalAsync(first)).Status);
        var second = await session.SubmitAsync("repeated");
        var (status, detail) = await session.FinalAsync(second);
        Assert.True(status == "Completed", detail);
        // The second run scores its starting prompt on the dev examples the first one scored it on: the store has those answers.
        var memoHits = (await session.RunAsync(second)).GetProperty("spend").GetProperty("memoHits").GetInt64();
        Assert.True(memoHits > 0, detail);
        var page = await session.OpenAsync();

        await page.GotoAsync($"/#/runs/{second}");

        await Expect(page.Locator(".card", new() { HasText = "Spend" })).ToContainTextAsync(
            $"{memoHits.ToString("N0", CultureInfo.InvariantCulture)} answered from the store");
        var perStep = await page.Locator("#spend-table tbody tr td:nth-child(8)").AllTextContentsAsync();
        Assert.Equal(memoHits, perStep.Sum(cell => long.Parse(cell, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));
        await Screenshots.TakeAsync(page, "run-memo-hits");
    }

    [Fact]
    public async Task When_the_task_page_is_opened_after_a_promotion_Should_show_the_decision_with_its_p_value()
    {
        var id = await session.PromotedRunAsync();
        var decision = await session.DecisionAsync("promoted", id);
        Assert.True(decision.GetProperty("outcome").GetString() == "promoted", decision.ToString());
        var page = await session.OpenAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Tasks" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "promoted", Exact = true }).ClickAsync();

        var row = page.Locator("#decisions tr[data-outcome=promoted]");
        await Expect(row.Locator("td[data-col=p-value]")).ToHaveTextAsync(PValue(decision.GetProperty("pValue").GetDouble()));
        await Expect(row).ToContainTextAsync(decision.GetProperty("exampleCount").GetInt32().ToString(CultureInfo.InvariantCulture));
        // The API answers 0–1 scores; people read them in percent.
        await Expect(row.Locator("[data-col=champion-score]")).ToHaveTextAsync(Percent(decision.GetProperty("championScore").GetDouble()));
        await Expect(row.Locator("[data-col=challenger-score]")).ToHaveTextAsync(Percent(decision.GetProperty("challengerScore").GetDouble()));
        await Expect(page.Locator("#champion-version")).ToHaveTextAsync($"v{decision.GetProperty("newChampionVersion").GetInt32()}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Re-optimize now" })).ToBeEnabledAsync();
        await Screenshots.TakeAsync(page, "task");
    }

    [Fact]
    public async Task When_a_held_run_is_cancelled_and_resumed_from_the_page_Should_show_cancelled_then_completed()
    {
        // A prompt no other spec scores: its requests reach the simulator (no cached answer), so the closed hold stops the run.
        await session.CreateTaskAsync("held", initialPrompt: "Work through each move, then answer Yes or No.", steps: 2);
        session.Host.Hold.Close();
        Guid id;
        try
        {
            id = await session.SubmitAsync("held");
            await session.WaitUntilHeldAsync();
            var page = await session.OpenAsync();
            await page.GotoAsync($"/#/runs/{id}");
            var cancel = page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" });
            await Expect(cancel).ToBeEnabledAsync(new() { Timeout = 60_000 });
            await cancel.ClickAsync();
            await Expect(page.Locator("#run-status")).ToHaveTextAsync("Cancelled", new() { Timeout = 60_000 });
            Assert.Equal("Cancelled", (await session.RunAsync(id)).GetProperty("status").GetString());
            session.Host.Hold.Open();

            await page.GetByRole(AriaRole.Button, new() { Name = "Resume run" }).ClickAsync();
            var ended = await session.FinalAsync(id, left: "Cancelled");
            Assert.True(ended.Status == "Completed", ended.Detail);
            // The page shows it at its next re-read or from the resumed run's stream: seconds on a loaded machine.
            await Expect(page.Locator("#run-status")).ToHaveTextAsync("Completed", RunLong);
        }
        finally
        {
            session.Host.Hold.Open();
        }
    }

    [Fact]
    public async Task When_a_read_key_opens_a_run_Should_not_offer_cancel_or_resume()
    {
        var id = await session.PromotedRunAsync();
        var created = await session.Host.Admin().PostAsync("/v1/keys", DashboardHost.Json(new { name = "viewer", scopes = new[] { "read" } }));
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var page = await session.OpenAsync(key);

        await page.GotoAsync($"/#/runs/{id}");

        await Expect(page.GetByText("Cancel and resume need a key with write scope.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume run" })).ToHaveCountAsync(0);
    }

    private static async Task<int> PointsAsync(IPage page, string canvas, int dataset) =>
        await page.EvaluateAsync<int>($"() => Chart.getChart(document.querySelector('#{canvas}')).data.datasets[{dataset}].data.length");

    private static string Prompt(JsonElement entry) => entry.GetProperty("prompt").GetString()!;

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string Percent(double score) => (score * 100).ToString("0.0", CultureInfo.InvariantCulture);

    private static string PValue(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);
}
