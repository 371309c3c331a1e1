using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using GpoPipeline.Api.Datasets;
using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Dashboard;

public sealed record SessionResponse(string Name, IReadOnlyList<string> Scopes);

public sealed record StreamTokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// The read endpoints the web dashboard needs beyond the control-plane API (issue 16), with the same keys and scopes:
/// who the key is, a stream token for EventSource, every run's progress as one event stream, a run's steps as the
/// run page draws them, and a task's dataset versions.
/// </summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/whoami", WhoAmI).WithTags("Dashboard"); // any valid key (the fallback policy)
        routes.MapPost("/v1/stream-tokens", IssueStreamTokenAsync).WithTags("Dashboard").RequireAuthorization(ScopePolicies.Read)
            .WithDescription($"A stream token for the event streams' '{StreamToken.QueryName}' query parameter (EventSource cannot send a key in a header): "
                + "valid until expiresAt, with this key's scopes; only an API key gets one.");
        routes.MapGet("/v1/runs/events", FollowAll).WithTags("Runs").RequireAuthorization(ScopePolicies.Read)
            .WithDescription("Every run's progress: a snapshot at once (the stream is open), then each run's events as the bus brings them; "
                + "it ends only when its key is revoked or its stream token expires.")
            .Produces<RunEvent>(StatusCodes.Status200OK, "text/event-stream"); // one event's data: the SseItem wrapper never goes on the wire
        routes.MapGet("/v1/runs/{id:guid}/steps", StepsAsync).WithTags("Runs").RequireAuthorization(ScopePolicies.Read);
        routes.MapGet("/v1/tasks/{task}/datasets", DatasetsAsync).WithTags("Datasets").RequireAuthorization(ScopePolicies.Read);
        return routes;
    }

    public static Ok<SessionResponse> WhoAmI(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return TypedResults.Ok(new SessionResponse(
            user.FindFirst(ClaimTypes.Name)?.Value ?? "", user.FindAll(ApiScopes.ClaimType).Select(c => c.Value).Order(StringComparer.Ordinal).ToList()));
    }

    public static async Task<Ok<StreamTokenResponse>> IssueStreamTokenAsync(ClaimsPrincipal user, ControlPlaneStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.FindFirst(ApiScopes.KeyIdClaimType)?.Value ?? throw ApiProblemException.Forbidden("Only an API key can get a stream token.");
        // Revoked since this request was authenticated (a race): no token, though using one would be refused anyway.
        var record = await store.GetApiKeyAsync(id, cancellationToken) is { Revoked: false } live ? live
            : throw ApiProblemException.Forbidden("The API key is unknown or revoked.");
        var expires = clock.GetUtcNow() + StreamToken.Lifetime;
        return TypedResults.Ok(new StreamTokenResponse(StreamToken.Issue(record.Id, record.SecretHash, expires), expires));
    }

    /// <summary>Every run's progress from the bus (issue 16: the runs table updates without polling the store).</summary>
    public static ServerSentEventsResult<RunEvent> FollowAll(RunEventHub hub, HttpRequest request, StreamCredentialWatch credentials, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(StreamAll(hub, request, credentials, cancellationToken));

    private static async IAsyncEnumerable<SseItem<RunEvent>> StreamAll(
        RunEventHub hub, HttpRequest request, StreamCredentialWatch credentials, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (events, subscription) = hub.FollowAll();
        using (subscription)
        {
            // A first line at once: the browser knows the stream is open before any run moves.
            yield return new SseItem<RunEvent>(new RunEvent(RunEventKinds.Snapshot, Guid.Empty, null, null, null, null, null, "following every run", null), RunEventKinds.Snapshot);
            await foreach (var item in credentials.WhileValidAsync(request, events, cancellationToken))
            {
                yield return new SseItem<RunEvent>(item, item.Kind);
            }
        }
    }

    public static async Task<Ok<RunStepsResponse>> StepsAsync(Guid id, IRunStore runs, IOptions<DashboardOptions> options, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound($"Run {id} does not exist (or the scheduler has not created it yet).");
        var test = run.Steps.FirstOrDefault(s => s.Kind == StepKind.Test);
        var testScores = test is null ? [] : await runs.GetBatchScoresAsync(id, test.Step, cancellationToken);
        return TypedResults.Ok(RunStepsView.From(run, await runs.GetUsageAsync(id, cancellationToken), testScores, options.Value));
    }

    /// <summary>The newest dataset versions a list shows by default (each is read whole, with its examples).</summary>
    public const int DefaultDatasetVersions = QueryLimit.Default;

    /// <param name="limit">At most this many, newest first (1–<see cref="QueryLimit.Max"/>): every version
    /// of a task was read, all its examples with it, and a task appended to example by example has thousands (the API review).</param>
    public static async Task<Ok<List<DatasetVersionResponse>>> DatasetsAsync(string task, ControlPlaneStore store, int limit = DefaultDatasetVersions, CancellationToken cancellationToken = default)
    {
        QueryLimit.Checked(limit);
        var record = await TasksApi.Find(store, task, cancellationToken);
        var versions = new List<DatasetVersionResponse>();
        for (var number = record.LatestDatasetVersion; number >= 1 && versions.Count < limit; number--)
        {
            if (record.HeldDatasetVersion(number) && await store.GetDatasetVersionAsync(record.Id, number, cancellationToken) is { } version)
            {
                versions.Add(DatasetVersionResponse.From(version, null, null));
            }
        }

        return TypedResults.Ok(versions);
    }
}
