using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpoPipeline.Testing;
using Microsoft.Playwright;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>
/// One dashboard host and one chromium for the browser specs (a collection: they run one after another, so the
/// simulator's hold closed by one spec holds nobody else's run). A fresh browser context per spec.
/// </summary>
public sealed class DashboardSession : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Generous: the machine running the suite is shared and loaded.</summary>
    public static readonly TimeSpan RunBudget = TimeSpan.FromMinutes(4);

    private static readonly IReadOnlyList<string> NavigateLines =
        new[] { "train", "dev", "test" }.SelectMany(split => File.ReadAllLines(Path.Combine(RepoPaths.Task("bbh", "navigate"), split + ".jsonl")))
            .Where(l => l.Length > 0).ToList();

    private readonly SemaphoreSlim promotedGate = new(1, 1);
    private readonly Lock contextsGate = new();
    private readonly List<IBrowserContext> contexts = [];
    private Guid? promotedRun;
    private IPlaywright? playwright;

    public DashboardHost Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Every URL the browser pages of these specs requested.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> RequestedUrls { get; } = new();

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (tests/run.sh installs it).");
        Host = await DashboardHost.StartAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }

    /// <summary>
    /// Closes the pages the spec that just ran opened (<see cref="BrowserSpecs"/>): left open, each kept its streams and
    /// re-reads going through every later spec (a listing read each new run; a page whose stream a spec refused
    /// reconnected for the rest of the suite), load the specs after it ran under.
    /// </summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] closing;
        lock (contextsGate)
        {
            closing = [.. contexts];
            contexts.Clear();
        }

        foreach (var context in closing)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>A new page at <paramref name="width"/> px, signed in with <paramref name="key"/> (null: not signed in).</summary>
    public async Task<IPage> OpenAsync(string? key = DashboardHost.AdminKey, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Host.Url.ToString(), ViewportSize = new() { Width = width, Height = 900 } });
        lock (contextsGate)
        {
            contexts.Add(context);
        }

        context.Request += (_, request) => RequestedUrls.Enqueue(request.Url);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        if (key is not null)
        {
            await page.GetByLabel("API key").FillAsync(key);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs", Exact = true })).ToBeVisibleAsync();
        }

        return page;
    }

    /// <summary>A task with the shipped navigate examples (the simulator knows their answers) and small run settings.</summary>
    public async Task CreateTaskAsync(string name, string? initialPrompt = null, int steps = 4)
    {
        var admin = Host.Admin();
        var created = await admin.PostAsync("/v1/tasks", DashboardHost.Json(new
        {
            name, initialPrompt,
            settings = new { steps, candidates = 4, batchSize = 10, maxDevExamples = 24, seed = 3, taskModel = "sim-task", optimizerModel = "sim-optimizer" },
        }));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var data = new StringContent(string.Join('\n', NavigateLines.Take(200)) + "\n", Encoding.UTF8, "application/jsonl");
        var uploaded = await admin.PutAsync($"/v1/tasks/{name}/dataset", data);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// A task whose policy asks for a score check after an append (Runs/ScoreCheckRun: no optimization step, the champion
    /// scored on the newest examples); appends examples and returns the check's run id.
    /// </summary>
    public async Task<Guid> ScoreCheckAsync(string task)
    {
        await CreateTaskAsync(task);
        var admin = Host.Admin();
        Assert.True((await admin.PutAsync($"/v1/tasks/{task}/policy", DashboardHost.Json(new { scoreDropThreshold = 100, scoreDropExamples = 30 }))).IsSuccessStatusCode);
        var newest = new StringContent(string.Join('\n', NavigateLines.Skip(200).Take(30)) + "\n", Encoding.UTF8, "application/jsonl");
        var appended = await admin.PostAsync($"/v1/tasks/{task}/examples", newest);
        Assert.True(appended.StatusCode == HttpStatusCode.Created, await appended.Content.ReadAsStringAsync());
        return (await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scoreCheckRunId").GetGuid();
    }

    public async Task<Guid> SubmitAsync(string task)
    {
        var response = await Host.Admin().PostAsync($"/v1/tasks/{task}/runs", DashboardHost.Json(new { }));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Waits until the closed hold holds a request (Held counts those waiting now; RequestHold.WhenHoldingAsync
    /// completes once per host, and the collection's specs share the host, so it may have completed for another spec).
    /// </summary>
    public async Task WaitUntilHeldAsync()
    {
        using var timeout = new CancellationTokenSource(RunBudget);
        while (Host.Hold.Held == 0)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    public async Task<JsonElement> RunAsync(Guid id) => await Host.Admin().GetFromJsonAsync<JsonElement>($"/v1/runs/{id}");

    /// <summary>Waits (durable condition, generous budget) until the run's champion decision is recorded.</summary>
    public async Task<JsonElement> DecisionAsync(string task, Guid run)
    {
        using var timeout = new CancellationTokenSource(RunBudget);
        while (true)
        {
            var history = await Host.Admin().GetFromJsonAsync<JsonElement>($"/v1/tasks/{task}/champions", timeout.Token);
            foreach (var decision in history.GetProperty("decisions").EnumerateArray())
            {
                if (decision.GetProperty("runId").ValueKind == JsonValueKind.String && decision.GetProperty("runId").GetGuid() == run)
                {
                    return decision;
                }
            }

            await Task.Delay(250, timeout.Token);
        }
    }

    /// <summary>Waits (durable condition, generous budget) until the run has ended; its status and, for a failure message, its steps.</summary>
    /// <param name="left">A final status the run is known to be leaving (a resumed run is still Cancelled for a moment).</param>
    public async Task<(string Status, string Detail)> FinalAsync(Guid id, string? left = null)
    {
        var deadline = DateTime.UtcNow + RunBudget;
        while (true)
        {
            var run = await RunAsync(id);
            var status = run.GetProperty("status").GetString()!;
            if ((status is not ("Running" or "Pending" or "Submitted") && status != left) || DateTime.UtcNow > deadline)
            {
                var steps = await Host.Admin().GetStringAsync($"/v1/runs/{id}/steps");
                return (status, $"run {run} steps {steps[..Math.Min(steps.Length, 6000)]} held {Host.Hold.Held}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>One run of task "promoted", completed and decided, shared by the specs that only look at it.</summary>
    public async Task<Guid> PromotedRunAsync()
    {
        await promotedGate.WaitAsync();
        try
        {
            if (promotedRun is null)
            {
                await CreateTaskAsync("promoted");
                var id = await SubmitAsync("promoted");
                await DecisionAsync("promoted", id);
                promotedRun = id;
            }

            return promotedRun.Value;
        }
        finally
        {
            promotedGate.Release();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardBrowser : ICollectionFixture<DashboardSession>
{
    public const string Name = "web dashboard";
}
