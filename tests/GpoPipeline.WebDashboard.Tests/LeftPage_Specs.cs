using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>
/// A page the reader has left draws nothing more (app.js's View). Its loads and polls wrote into the page whatever page
/// was shown when they answered: a slow run or task load, or the run page's re-reads after a resume (120 at 1 s), replaced
/// the page the reader had gone to while the address named it. A response is held back with Playwright's route interception.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed class LeftPage_Specs(DashboardSession session) : BrowserSpecs
{
    protected override DashboardSession Session => session;

    [Fact]
    public async Task When_the_reader_goes_to_the_tasks_while_a_run_is_loading_Should_keep_the_tasks_page_when_the_run_answers()
    {
        var id = await CancelledRunAsync("left-loading");
        var page = await session.OpenAsync();

        await using (var slow = await SlowResponseAsync(page, $"**/v1/runs/{id}"))
        {
            await page.GotoAsync($"/#/runs/{id}");
            await slow.HeldAsync();
            await NavLinkAsync(page, "Tasks");
            await Expect(Heading(page, "Tasks")).ToBeVisibleAsync();
        }

        await AssertStaysAsync(page, "Tasks", "#/tasks", "#run-status", "left-run-loading");
    }

    [Fact]
    public async Task When_the_reader_goes_to_the_runs_while_a_task_is_loading_Should_keep_the_runs_page_when_the_task_answers()
    {
        await session.CreateTaskAsync("left-task");
        var page = await session.OpenAsync();

        await using (var slow = await SlowResponseAsync(page, "**/v1/tasks/left-task"))
        {
            await page.GotoAsync("/#/tasks/left-task");
            await slow.HeldAsync();
            await NavLinkAsync(page, "Runs");
            await Expect(Heading(page, "Runs")).ToBeVisibleAsync();
        }

        await AssertStaysAsync(page, "Runs", "#/runs", "#champion-version", "left-task-loading");
    }

    [Fact]
    public async Task When_the_reader_leaves_a_resumed_run_before_it_settles_Should_keep_the_page_gone_to_and_stop_reading_the_run()
    {
        var id = await CancelledRunAsync("left-resumed");
        var page = await session.OpenAsync();
        // The resume is accepted but not taken yet (as while the scheduler has not picked it up): the run stays Cancelled,
        // so the page re-reads it every second, up to 120 times.
        await page.RouteAsync($"**/v1/runs/{id}/resume", route => route.FulfillAsync(new() { Status = 202 }));
        await page.GotoAsync($"/#/runs/{id}");
        await Expect(page.Locator("#run-status")).ToHaveTextAsync("Cancelled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume run" }).ClickAsync();
        await Expect(page.Locator("#run-action")).ToHaveTextAsync("Resume requested…");

        var reads = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == $"/v1/runs/{id}")
            {
                reads.Enqueue(request.Url);
            }
        };
        await NavLinkAsync(page, "Tasks");
        await Expect(Heading(page, "Tasks")).ToBeVisibleAsync();
        // A re-read the run page issued just before it was left may be reported after the new page shows: count from
        // more than one re-read period (1 s) after the leave, then none may come in the 2.5 s that follow.
        await page.WaitForTimeoutAsync(1200);
        var readsWhenLeft = reads.Count;

        await AssertStaysAsync(page, "Tasks", "#/tasks", "#run-status", "left-resumed-run");
        Assert.Equal(readsWhenLeft, reads.Count);
    }

    /// <summary>
    /// A run stopped while the simulator's hold keeps it at its first step (a prompt no other spec scores, so no answer
    /// is cached and its requests are held), then cancelled: resumable, and with nothing left that moves it.
    /// </summary>
    private async Task<Guid> CancelledRunAsync(string task)
    {
        await session.CreateTaskAsync(task, initialPrompt: $"Walk through the moves of {task}, then answer Yes or No.", steps: 2);
        session.Host.Hold.Close();
        try
        {
            var id = await session.SubmitAsync(task);
            await session.WaitUntilHeldAsync();
            Assert.True((await session.Host.Admin().PostAsync($"/v1/runs/{id}/cancel", null)).IsSuccessStatusCode);
            // Cancelled while the hold keeps it at step 0 (the cancel is taken later, by the scheduler: held answers let
            // go first could complete the run before it).
            var (status, detail) = await session.FinalAsync(id);
            Assert.True(status == "Cancelled", detail);
            return id;
        }
        finally
        {
            session.Host.Hold.Open();
        }
    }

    /// <summary>
    /// The page is still the one gone to after the held response answered and the page's polls had time to run
    /// (they re-read every second): its heading and address, and nothing of the page left.
    /// </summary>
    private static async Task AssertStaysAsync(IPage page, string heading, string address, string leftPageElement, string screenshot)
    {
        await page.WaitForTimeoutAsync(2500);
        await Expect(Heading(page, heading)).ToBeVisibleAsync(new() { Timeout = 1000 });
        await Expect(page.Locator(leftPageElement)).ToHaveCountAsync(0);
        Assert.EndsWith(address, page.Url, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, screenshot);
    }

    private static async Task<SlowResponse> SlowResponseAsync(IPage page, string url)
    {
        var slow = new SlowResponse(page, url);
        await page.RouteAsync(url, slow.HoldAsync);
        return slow;
    }

    private static ILocator Heading(IPage page, string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    private static Task NavLinkAsync(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();

    /// <summary>Holds the page's requests to one URL until disposed, then lets them through and waits until the first has answered.</summary>
    private sealed class SlowResponse(IPage page, string url) : IAsyncDisposable
    {
        private readonly TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task HoldAsync(IRoute route)
        {
            held.TrySetResult();
            await released.Task;
            await route.ContinueAsync();
        }

        public Task HeldAsync() => held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public async ValueTask DisposeAsync()
        {
            var answered = page.WaitForResponseAsync(url);
            released.TrySetResult();
            await answered;
        }
    }
}
