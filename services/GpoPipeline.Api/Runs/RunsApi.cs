using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GpoPipeline.Api.Runs;

/// <summary>Runs: submit (publishes StartRun), list, get, cancel, resume, and follow by server-sent events.</summary>
public static class RunsApi
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/tasks/{task}/runs", SubmitAsync).WithTags("Runs").RequireAuthorization(ScopePolicies.Write);
        var group = routes.MapGroup("/v1/runs").WithTags("Runs");
        group.MapGet("/", ListAsync).RequireAuthorization(ScopePolicies.Read);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(ScopePolicies.Read);
        group.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(ScopePolicies.Write);
        group.MapPost("/{id:guid}/resume", ResumeAsync).RequireAuthorization(ScopePolicies.Write);
        group.MapGet("/{id:guid}/events", Follow).RequireAuthorization(ScopePolicies.Read)
            .WithDescription("One run's progress: a snapshot of the run at once, then its events; the stream ends after run-failed, run-cancelled or "
                + "run-decided (run-completed for a run the control plane did not start), at once after the snapshot when the run is already over and decided (or cancelled: a cancelled run is not decided), "
                + "and when its key is revoked or its stream token expires.")
            .Produces<RunEvent>(StatusCodes.Status200OK, "text/event-stream"); // one event's data: the SseItem wrapper never goes on the wire
        // Any other id (the routes above take UUIDs only): a 400 that says so, not a bare 404 (the API audit).
        group.MapMethods("/{id}", [HttpMethods.Get], NotARunId).RequireAuthorization(ScopePolicies.Read).ExcludeFromDescription();
        group.MapMethods("/{id}/{action}", [HttpMethods.Get, HttpMethods.Post], NotARunId).RequireAuthorization(ScopePolicies.Read).ExcludeFromDescription();
        return group;
    }

    private static IResult NotARunId(string id, string? action = null) => Guid.TryParse(id, out _)
        ? throw ApiProblemException.NotFound($"A run has no '{TasksApi.Shorten(action)}'; its routes are /v1/runs/{{id}}, /cancel, /resume, /events and /steps.")
        : throw ApiProblemException.BadRequest($"Run id '{TasksApi.Shorten(id)}' is not a UUID; run ids look like 0b302ca9-4f1e-4c57-9d3a-2f6c8e1b7a10 (GET /v1/runs lists them).");

    public static async Task<Accepted<RunResponse>> SubmitAsync(
        string task, RunOverrides? overrides, HttpContext context, RunSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TaskNames.IsValid(task))
        {
            throw ApiProblemException.NotFound($"Task '{TasksApi.Shorten(task)}' does not exist.");
        }

        if (overrides is not null)
        {
            Validate(overrides);
        }

        var submitted = await submission.SubmitAsync(task, $"manual ({TaskAccess.Caller(context.User)})", overrides, cancellationToken);
        return TypedResults.Accepted($"/v1/runs/{submitted.RunId}", RunResponse.From(submitted.RunId, null, submitted, []));
    }

    public static async Task<Ok<RunPageResponse>> ListAsync(
        ControlPlaneStore store, IRunStore runs, string? task = null, string? status = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
        {
            throw ApiProblemException.Invalid($"Query 'page' must be ≥ 1 and 'pageSize' 1–{MaxPageSize} (got {page}, {pageSize}).");
        }

        var wanted = status is null ? null : RunStatusNames.Parse(status);

        if (task is not null && !TaskNames.IsValid(task))
        {
            throw ApiProblemException.Invalid("Query 'task' must be a task name (a–z, 0–9, '-', '_').");
        }

        // In long: page 2,147,483,647 of 200 overflowed int to a negative offset, and Skip of that answered page 1.
        var offset = (long)(page - 1) * pageSize;
        // The page is known from the submissions (and, filtered by status, the ids of the runs in it): only its runs are
        // read. Every run document was read for any page, so one request of pageSize=1 read a long-lived deployment's
        // whole history (the API review); unfiltered, only the page's submissions are read too (every one was).
        // A run that changes status between its id and its read is shown as read: a list is a moment, not a lock.
        var (shown, total) = wanted is null
            ? await store.ListSubmissionsPageAsync(task, offset, pageSize, cancellationToken)
            : PageOf(await RunsShowingStatus.FilterAsync(runs, await store.ListSubmissionsAsync(task, cancellationToken), wanted, cancellationToken), offset, pageSize);
        var rows = new List<RunSummaryResponse>();
        foreach (var submission in shown)
        {
            rows.Add(await SummaryAsync(runs, submission, await runs.GetRunAsync(submission.RunId, cancellationToken), cancellationToken));
        }

        return TypedResults.Ok(new RunPageResponse(page, pageSize, checked((int)total), rows));
    }

    private static SubmissionPage PageOf(IReadOnlyList<SubmissionRecord> all, long offset, int pageSize) =>
        new(offset >= all.Count ? [] : [.. all.Skip((int)offset).Take(pageSize)], all.Count);

    private static async Task<RunSummaryResponse> SummaryAsync(IRunStore runs, SubmissionRecord submission, RunRecord? run, CancellationToken cancellationToken) =>
        RunSummaryResponse.From(submission, run, run is null ? [] : await runs.GetUsageAsync(submission.RunId, cancellationToken));

    public static async Task<Ok<RunResponse>> GetAsync(Guid id, ControlPlaneStore store, IRunStore runs, CancellationToken cancellationToken)
    {
        var submission = await store.GetSubmissionAsync(id, cancellationToken);
        var run = await runs.GetRunAsync(id, cancellationToken);
        if (submission is null && run is null)
        {
            throw ApiProblemException.NotFound($"Run {id} does not exist.");
        }

        return TypedResults.Ok(RunResponse.From(id, run, submission, await runs.GetUsageAsync(id, cancellationToken)));
    }

    public static async Task<Accepted> CancelAsync(Guid id, IRunStore runs, ControlPlaneStore store, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(id, cancellationToken);
        if (run is null)
        {
            // Submitted and not created yet: the scheduler keeps a cancel that comes before its StartRun and applies it
            // when the run is created (it stays cancelled, resumable). A run whose start failed will never be created.
            var submission = await store.GetSubmissionAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound($"Run {id} does not exist.");
            if (submission.StartFailure is { } why)
            {
                throw ApiProblemException.Conflict($"Run {id} never started ({why}); there is nothing to cancel.");
            }
        }
        else if (run.Status is not (RunStatus.Pending or RunStatus.Running))
        {
            throw ApiProblemException.Conflict($"Run {id} is {run.Status}; only a pending or running run can be cancelled.");
        }

        await bus.Publish(new CancelRun { RunId = id, Reason = "cancelled through the API" }, cancellationToken);
        return TypedResults.Accepted($"/v1/runs/{id}");
    }

    public static async Task<Accepted> ResumeAsync(Guid id, RunResumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resumption);
        await resumption.ResumeAsync(id, cancellationToken);
        return TypedResults.Accepted($"/v1/runs/{id}");
    }

    public static async Task<ServerSentEventsResult<RunEvent>> Follow(
        Guid id, ControlPlaneStore store, IRunStore runs, RunEventHub hub, HttpRequest request, StreamCredentialWatch credentials, CancellationToken cancellationToken)
    {
        if (await store.GetSubmissionAsync(id, cancellationToken) is null && await runs.GetRunAsync(id, cancellationToken) is null)
        {
            throw ApiProblemException.NotFound($"Run {id} does not exist.");
        }

        return TypedResults.ServerSentEvents(Stream(id, runs, store, hub, request, credentials, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<RunEvent>> Stream(
        Guid id, IRunStore runs, ControlPlaneStore store, RunEventHub hub, HttpRequest request, StreamCredentialWatch credentials,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Follow first, then read the snapshot: an event between the two is seen twice, never lost.
        var (events, subscription) = hub.Follow(id);
        using (subscription)
        {
            // A run the control plane started ends with its decision, so what a client reads next already shows it.
            var submission = await store.GetSubmissionAsync(id, cancellationToken);
            var decided = submission is not null;
            var pending = decided && await store.GetDecisionAsync(Champions.ChallengeDecider.DecisionId(submission!), cancellationToken) is null;
            var run = await runs.GetRunAsync(id, cancellationToken);
            var snapshot = new RunEvent(RunEventKinds.Snapshot, id, run is null ? null : RunResponse.ShownStep(run), run?.TotalSteps, null, run?.BestDevScore,
                RunStatusNames.Of(run, submission), run?.FailureReason ?? submission?.StartFailure, SpendResponse.From(await runs.GetUsageAsync(id, cancellationToken)));
            yield return new SseItem<RunEvent>(snapshot, snapshot.Kind);
            if (run is null && submission?.StartFailure is not null)
            {
                yield break; // its start failed (FailedStarts): it never runs, so nothing more will come
            }
            // A cancelled run is never decided (the scheduler announces no cancel; ChallengeDecider hears only RunCompleted
            // and RunFailed): waiting for its decision kept the stream of a cancelled run open for ever.
            if (run is not null && run.Status is not (RunStatus.Pending or RunStatus.Running) && (!pending || run.Status == RunStatus.Cancelled))
            {
                yield break; // already over: nothing more will come
            }

            await foreach (var item in credentials.WhileValidAsync(request, events, cancellationToken))
            {
                yield return new SseItem<RunEvent>(item, item.Kind);
                if (item.IsFinal(decided))
                {
                    yield break;
                }
            }
        }
    }

    private static void Validate(RunOverrides o)
    {
        // The scheduler's limits, not a copy of them (a smaller copy refused runs a task's own settings may ask for).
        if (o.Steps is < 1 or > RunSettingsParser.MaxSteps) throw ApiProblemException.Invalid($"Field 'steps' must be 1–{RunSettingsParser.MaxSteps} (got {o.Steps}).");
        if (o.Candidates is < 1 or > RunSettingsParser.MaxCandidates) throw ApiProblemException.Invalid($"Field 'candidates' must be 1–{RunSettingsParser.MaxCandidates} (got {o.Candidates}).");
        if (o.MaxCost is { } cost && !(cost > 0 && double.IsFinite(cost))) throw ApiProblemException.Invalid($"Field 'maxCost' must be positive (got {cost}).");
        if (o.MaxCalls is < 1) throw ApiProblemException.Invalid($"Field 'maxCalls' must be positive (got {o.MaxCalls}).");
        if (o.MaxTokens is < 1) throw ApiProblemException.Invalid($"Field 'maxTokens' must be positive (got {o.MaxTokens}).");
    }
}
