using System.Net;
using GpoPipeline.Api.Triggers;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>
/// The task page says what the last automatic trigger did. A task with a schedule and no data: its due tick cannot
/// start a run, so nothing runs on the shared simulator while the collection's other specs hold it.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed class LastTrigger_Specs(DashboardSession session) : BrowserSpecs
{
    protected override DashboardSession Session => session;

    [Fact]
    public async Task When_a_scheduled_tick_was_skipped_Should_show_on_the_task_page_when_and_why()
    {
        var created = await session.Host.Admin().PostAsync("/v1/tasks", DashboardHost.Json(new { name = "nightly", policy = new { cron = "0 3 * * *" } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tick = DateTime.UtcNow.Date.AddDays(1).AddHours(3);
        Assert.Empty(await session.Host.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(tick.AddSeconds(30), CancellationToken.None));
        var page = await session.OpenAsync();

        await page.GotoAsync("/#/tasks/nightly");

        var line = page.Locator("#last-trigger");
        await Expect(line).ToContainTextAsync($"Last automatic trigger: schedule ({tick:yyyy-MM-ddTHH:mm}Z) at {tick.AddSeconds(30):yyyy-MM-dd HH:mm:ss} UTC");
        await Expect(line.Locator(".skipped")).ToHaveTextAsync("skipped: Task 'nightly' has no data yet; upload a dataset (PUT /v1/tasks/nightly/dataset) first.");
        await Screenshots.TakeAsync(page, "task-last-trigger");
    }
}
