using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>
/// A page's reads of one run overlap (a step event's, the run's end's, a cancel's re-reads) and answer in any order. An
/// answer older than the one drawn must not replace it: a step's late answer showed an ended run as running, and with
/// the run's stream closed at its end nothing corrected it. The run's events are served by Playwright's route
/// interception (a step, then the end), and the first of the two reads they cause is held until the second has
/// answered, then answered with the run as it was before the end.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed class ReadOrder_Specs(DashboardSession session) : BrowserSpecs
{
    protected override DashboardSession Session => session;

    [Fact]
    public async Task When_a_step_read_answers_after_the_end_read_Should_keep_the_run_page_showing_the_end()
    {
        var id = await CompletedRunAsync("read-order-run");
        var page = await session.OpenAsync();
        var reads = new OverlappingReads(page, id);
        await reads.RouteAsync();
        // The run's own stream: a step, then the end (the page closes the stream at the end: it is not opened again).
        await page.RouteAsync(new Regex($"/v1/runs/{id}/events"), route =>
            reads.ServeEventsAsync(route, $"event: step-completed\ndata: {{\"runId\":\"{id}\"}}\n\nevent: run-completed\ndata: {{\"runId\":\"{id}\"}}\n\n", reads.FirstAnswered));

        await page.GotoAsync($"/#/runs/{id}");
        await reads.StaleAnsweredAsync();

        await Expect(page.Locator("#run-status")).ToHaveTextAsync("Completed");
        await Expect(page.Locator("#cancel-run")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task When_a_runs_read_answers_after_a_later_one_Should_keep_the_listing_showing_the_end()
    {
        var id = await CompletedRunAsync("read-order-list");
        var page = await session.OpenAsync();
        // The sign-in listing's stream is open (its snapshot drawn) before the routes: opened after them, it would be the
        // routed stream held for the listing below, and the listing's own stream refused (CI failed so once).
        await Expect(page.Locator("#live")).ToHaveTextAsync("Live: updates arrive as runs progress.");
        var reads = new OverlappingReads(page, id);
        await reads.RouteAsync();
        var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The listing's stream, once the listing is drawn (its own read would replace the row): its snapshot, then three
        // ends of the run, each of which makes the listing read the run.
        var end = $"event: run-completed\ndata: {{\"runId\":\"{id}\"}}\n\n";
        await page.RouteAsync(new Regex("/v1/runs/events"), route => reads.ServeEventsAsync(route, "event: snapshot\ndata: {}\n\n" + end + end + end, listed.Task));
        var status = page.Locator($"tr[data-run-id='{id}'] td[data-col='status']");

        await NavLinkAsync(page, "Tasks"); // signing in showed the listing, with its stream open before the routes
        await NavLinkAsync(page, "Runs");
        await Expect(status).ToHaveTextAsync("Completed");
        listed.TrySetResult();
        await reads.StaleAnsweredAsync();

        await Expect(status).ToHaveTextAsync("Completed");
    }

    [Fact]
    public async Task When_a_step_event_arrives_after_its_runs_end_Should_read_the_run_and_keep_the_listing_showing_the_end()
    {
        var id = await CompletedRunAsync("read-order-late-event");
        var page = await session.OpenAsync();
        await Expect(page.Locator("#live")).ToHaveTextAsync("Live: updates arrive as runs progress."); // as in the spec above
        var reread = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(new Regex($"/v1/runs/{id}$"), async route =>
        {
            await route.ContinueAsync();
            reread.TrySetResult();
        });
        var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The bus's consumers run concurrently: a step's event, built while the run was running, can leave after the end.
        var late = $"event: step-started\ndata: {{\"runId\":\"{id}\",\"status\":\"Running\",\"step\":1}}\n\n";
        var stream = new OverlappingReads(page, id); // its stream alone: the run's reads are routed above
        await page.RouteAsync(new Regex("/v1/runs/events"), route => stream.ServeEventsAsync(route, "event: snapshot\ndata: {}\n\n" + late, listed.Task));
        var status = page.Locator($"tr[data-run-id='{id}'] td[data-col='status']");

        await NavLinkAsync(page, "Tasks");
        await NavLinkAsync(page, "Runs");
        await Expect(status).ToHaveTextAsync("Completed");
        listed.TrySetResult();
        await reread.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the row shows an end: the event makes it read the run

        await Expect(status).ToHaveTextAsync("Completed");
    }

    [Fact]
    public async Task When_the_listing_answers_after_a_new_runs_read_Should_keep_that_run_in_the_listing()
    {
        var id = await CompletedRunAsync("read-order-new-run");
        var page = await session.OpenAsync();
        await Expect(page.Locator("#live")).ToHaveTextAsync("Live: updates arrive as runs progress."); // as in the specs above
        await Expect(page.Locator($"tr[data-run-id='{id}']")).ToBeVisibleAsync(); // the sign-in listing's read answered before the routes
        var runDrawn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listingAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listingAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(new Regex($"/v1/runs/{id}$"), async route =>
        {
            await route.ContinueAsync();
            runDrawn.TrySetResult();
        });
        // The listing was asked for before the run existed: held until the run's own read has answered, then answered
        // without the run.
        var listings = 0;
        await page.RouteAsync(new Regex(@"/v1/runs\?"), async route =>
        {
            if (Interlocked.Increment(ref listings) > 1)
            {
                await route.ContinueAsync();
                return;
            }

            listingAsked.TrySetResult();
            await runDrawn.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await page.WaitForTimeoutAsync(300); // the run's row drawn first
            var response = await route.FetchAsync();
            var listing = JsonNode.Parse(await response.TextAsync())!;
            var items = listing["items"]!.AsArray();
            foreach (var item in items.Where(i => i!["id"]!.GetValue<string>() == id.ToString()).ToList())
            {
                items.Remove(item);
            }

            await route.FulfillAsync(new() { Response = response, Body = listing.ToJsonString() });
            listingAnswered.TrySetResult();
        });
        var stream = new OverlappingReads(page, id); // its stream alone: the run's reads are routed above
        var ended = $"event: run-completed\ndata: {{\"runId\":\"{id}\"}}\n\n";
        // The run's end once the listing has been asked for: its read is the later one (the listing waits for the task
        // list first, and the stream can be quicker: then the listing is the later read, and rightly drawn without it).
        await page.RouteAsync(new Regex("/v1/runs/events"), route => stream.ServeEventsAsync(route, "event: snapshot\ndata: {}\n\n" + ended, listingAsked.Task));

        await NavLinkAsync(page, "Tasks");
        await NavLinkAsync(page, "Runs");
        await listingAnswered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await page.WaitForTimeoutAsync(500); // the listing drawn

        await Expect(page.Locator($"tr[data-run-id='{id}'] td[data-col='status']")).ToHaveTextAsync("Completed");
    }

    private static Task NavLinkAsync(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();

    /// <summary>A score check: the quickest run to a final status (no optimization step).</summary>
    private async Task<Guid> CompletedRunAsync(string task)
    {
        var id = await session.ScoreCheckAsync(task);
        var (status, detail) = await session.FinalAsync(id);
        Assert.True(status == "Completed", detail);
        return id;
    }

    /// <summary>
    /// GET /v1/runs/{id} as the page reads it: the first read (the run page's own load, or the listing's first event read)
    /// goes through; the second is held until the third has answered, then answered with the first answer set back to Running.
    /// </summary>
    private sealed class OverlappingReads(IPage page, Guid id)
    {
        private readonly TaskCompletionSource<string> first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource third = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource staleAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int reads;
        private int streams;

        public async Task RouteAsync() => await page.RouteAsync(new Regex($"/v1/runs/{id}$"), route =>
        {
            // Not awaited here: a held route must not hold the routes of the reads after it.
            _ = (Interlocked.Increment(ref reads) switch
            {
                1 => PassFirstAsync(route),
                2 => AnswerStaleAsync(route),
                3 => PassThirdAsync(route),
                _ => route.ContinueAsync(),
            });
            return Task.CompletedTask;
        });

        public Task FirstAnswered => first.Task;

        /// <summary>The first stream gets <paramref name="events"/> once <paramref name="after"/> completes; a reopened one is refused.</summary>
        public async Task ServeEventsAsync(IRoute route, string events, Task after)
        {
            if (Interlocked.Increment(ref streams) > 1)
            {
                await route.AbortAsync();
                return;
            }

            await after.WaitAsync(TimeSpan.FromSeconds(30));
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/event-stream", Body = events });
        }

        /// <summary>Once the held read has answered and the page has had time to draw it.</summary>
        public async Task StaleAnsweredAsync()
        {
            await staleAnswered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await page.WaitForTimeoutAsync(500);
        }

        private async Task PassFirstAsync(IRoute route)
        {
            var response = await route.FetchAsync();
            var body = await response.TextAsync();
            await route.FulfillAsync(new() { Response = response, Body = body });
            first.TrySetResult(body);
        }

        private async Task PassThirdAsync(IRoute route)
        {
            var response = await route.FetchAsync();
            await route.FulfillAsync(new() { Response = response });
            third.TrySetResult();
        }

        private async Task AnswerStaleAsync(IRoute route)
        {
            var run = JsonNode.Parse(await first.Task)!;
            run["status"] = "Running";
            await third.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await page.WaitForTimeoutAsync(300); // the third read drawn first
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = run.ToJsonString() });
            staleAnswered.TrySetResult();
        }
    }
}
