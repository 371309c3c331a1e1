using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>
/// The run page's step list: one line per step, each step's diff, candidates and spend one click away (every step
/// expanded made a 30-step run's page tens of thousands of pixels tall at 390 px), and what the reader opened stays
/// open while the run moves (the page is drawn again at every step event) and when the theme switches (only the charts are).
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed class RunStepList_Specs(DashboardSession session) : BrowserSpecs
{
    protected override DashboardSession Session => session;

    private const int PhoneWidth = 390;
    private const int PhoneScreen = 844;

    [Fact]
    public async Task When_a_30_step_run_is_opened_on_a_phone_Should_be_a_few_screens_tall_with_every_steps_details_a_click_away()
    {
        await session.CreateTaskAsync("thirty-steps", steps: 30);
        var id = await session.SubmitAsync("thirty-steps");
        var (status, detail) = await session.FinalAsync(id);
        Assert.True(status == "Completed", detail);
        var steps = (await session.Host.Admin().GetFromJsonAsync<JsonElement>($"/v1/runs/{id}/steps")).GetProperty("steps").EnumerateArray().ToList();
        var page = await session.OpenAsync(width: PhoneWidth);

        await page.GotoAsync($"/#/runs/{id}");

        await Expect(page.Locator("#steps details.step")).ToHaveCountAsync(steps.Count);
        await Expect(page.Locator("#budget-chart")).ToBeVisibleAsync();
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height < 5 * PhoneScreen, $"the page is {height} px tall at {PhoneWidth} px wide");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= PhoneWidth, "the page scrolls sideways");

        // Nothing lost: a step's diff and candidates, and its spend with the trace link, open on a click.
        var fifteen = page.Locator("#steps details.step[data-step='15']");
        await Expect(fifteen.Locator("[data-diff-step='15']")).ToBeHiddenAsync();
        await fifteen.Locator("summary").ClickAsync();
        await Expect(fifteen.Locator("[data-diff-step='15']")).ToBeVisibleAsync();
        await Expect(fifteen.Locator("tbody tr")).ToHaveCountAsync(steps.Single(s => s.GetProperty("step").GetInt32() == 15).GetProperty("candidates").GetArrayLength());
        await page.Locator("#spend-per-step summary").ClickAsync();
        await Expect(page.Locator("#spend-table").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "trace of step 15", Exact = true })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= PhoneWidth, "the opened page scrolls sideways");
        await Screenshots.TakeAsync(page, "run-30-steps");
    }

    [Fact]
    public async Task When_a_step_is_opened_while_the_run_moves_Should_stay_open_as_later_steps_complete()
    {
        // A prompt no other spec scores: its requests reach the simulator, so the closed hold stops the run at step 0.
        await session.CreateTaskAsync("watched-steps", initialPrompt: "Follow each instruction, then answer Yes or No.", steps: 2);
        session.Host.Hold.Close();
        try
        {
            var id = await session.SubmitAsync("watched-steps");
            await session.WaitUntilHeldAsync();

            var page = await session.OpenAsync(width: PhoneWidth);
            await page.GotoAsync($"/#/runs/{id}");
            var baseline = page.Locator("#steps details.step[data-step='0']");
            await baseline.Locator("summary").ClickAsync();
            await Expect(baseline).ToHaveAttributeAsync("open", "");

            session.Host.Hold.Open();

            await Expect(page.Locator("#run-status")).ToHaveTextAsync("Completed", new() { Timeout = (float)DashboardSession.RunBudget.TotalMilliseconds });
            await Expect(page.Locator("#steps details.step")).ToHaveCountAsync(4); // drawn again: steps 1, 2 and the test arrived
            await Expect(baseline).ToHaveAttributeAsync("open", "");
            await Expect(page.Locator("#steps details.step[data-step='1']")).Not.ToHaveAttributeAsync("open", "");
            // Each redraw put its charts on new canvases; the charts of the replaced ones are gone, not kept in memory.
            Assert.Equal(
                await page.EvaluateAsync<int>("() => document.querySelectorAll('canvas').length"),
                await page.EvaluateAsync<int>("() => Object.keys(Chart.instances).length"));
        }
        finally
        {
            session.Host.Hold.Open();
        }
    }

    [Fact]
    public async Task When_the_theme_switches_Should_recolour_the_charts_and_keep_what_the_reader_opened_and_where_they_were()
    {
        var id = await session.PromotedRunAsync();
        var page = await session.OpenAsync(width: PhoneWidth);
        await page.GotoAsync($"/#/runs/{id}");
        await Expect(page.Locator("#dev-chart")).ToBeVisibleAsync();
        var step = page.Locator("#steps details.step[data-step='1']");
        await step.Locator("summary").ClickAsync();
        await page.Locator("#spend-per-step summary").ClickAsync();
        await step.ScrollIntoViewIfNeededAsync();
        var scrolled = await page.EvaluateAsync<double>("() => window.scrollY");
        Assert.True(scrolled > 0, "the opened step is on the first screen: no scroll position to keep");

        await page.EmulateMediaAsync(new() { ColorScheme = Microsoft.Playwright.ColorScheme.Dark });

        // The switch has been handled once the dev chart draws its line in the dark theme's colour.
        await page.WaitForFunctionAsync("""
            () => Chart.getChart(document.querySelector('#dev-chart'))?.data.datasets[0].borderColor
              === getComputedStyle(document.documentElement).getPropertyValue('--chart-1').trim()
            """);
        await Expect(step).ToHaveAttributeAsync("open", "");
        await Expect(page.Locator("#spend-per-step")).ToHaveAttributeAsync("open", "");
        Assert.Equal(scrolled, await page.EvaluateAsync<double>("() => window.scrollY"));
        await Screenshots.TakeAsync(page, "run-theme-switched");
    }
}
