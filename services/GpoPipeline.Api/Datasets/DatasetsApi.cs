using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Api.Triggers;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Datasets;

/// <summary>Dataset upload (a new version replacing the data) and appending labelled examples (a new version adding to it).</summary>
public static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tasks/{task}").WithTags("Datasets");
        group.MapPut("/dataset", (string task, HttpRequest request, DatasetVersions versions, ReoptimizationTriggers triggers, ScoreDropTrigger scoreDrops, IOptions<ControlPlaneOptions> options, CancellationToken ct) =>
                StoreAsync(task, request, append: false, versions, triggers, scoreDrops, options.Value, ct))
            .Accepts<string>("application/jsonl", "application/x-ndjson", "text/plain", "multipart/form-data")
            .RequireAuthorization(ScopePolicies.Write);
        group.MapPost("/examples", (string task, HttpRequest request, DatasetVersions versions, ReoptimizationTriggers triggers, ScoreDropTrigger scoreDrops, IOptions<ControlPlaneOptions> options, CancellationToken ct) =>
                StoreAsync(task, request, append: true, versions, triggers, scoreDrops, options.Value, ct))
            .Accepts<string>("application/jsonl", "application/x-ndjson", "text/plain")
            .RequireAuthorization(ScopePolicies.Write);
        group.MapGet("/datasets/{version:int}", GetAsync).RequireAuthorization(ScopePolicies.Read);
        // Any other version (the route above takes ints only): said, not the bare 404 of a path nothing answers.
        group.MapGet("/datasets/{version}", NotAVersion).RequireAuthorization(ScopePolicies.Read).ExcludeFromDescription();
        return group;
    }

    private static IResult NotAVersion(string task, string version) => version.TrimStart('+', '-') is { Length: > 0 } digits && digits.All(char.IsAsciiDigit)
        ? throw ApiProblemException.NotFound($"Dataset version {TasksApi.Shorten(version)} of task '{TasksApi.Shorten(task)}' does not exist; versions are numbered from 1 (GET /v1/tasks/{{task}} shows the latest).")
        : throw ApiProblemException.BadRequest($"Dataset version '{TasksApi.Shorten(version)}' is not a whole number; versions are numbered from 1 (GET /v1/tasks/{{task}} shows the latest).");

    private static async Task<Results<Created<DatasetVersionResponse>, Ok<DatasetVersionResponse>>> StoreAsync(
        string task, HttpRequest request, bool append, DatasetVersions versions, ReoptimizationTriggers triggers, ScoreDropTrigger scoreDrops,
        ControlPlaneOptions options, CancellationToken cancellationToken)
    {
        if (!TaskNames.IsValid(task))
        {
            throw ApiProblemException.NotFound($"Task '{TasksApi.Shorten(task)}' does not exist.");
        }

        List<DatasetExample> examples;
        if (request.HasFormContentType)
        {
            examples = append
                ? throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    "Send the examples as a JSONL body (one {\"input\", \"target\"} object per line), not as a form; a task folder is uploaded with PUT …/dataset.")
                : await FolderUpload.ReadAsync(request, options.MaxBodyBytes, cancellationToken);
        }
        else
        {
            using var body = await RequestText.ReadBytesAsync(request, options.MaxBodyBytes, cancellationToken);
            examples = JsonlUpload.Parse(body.GetBuffer().AsSpan(0, (int)body.Length), append ? "examples" : "dataset");
        }

        var (record, version, duplicates, newData) = await versions.AddAsync(task, examples, append, cancellationToken);
        if (!newData)
        {
            // Everything sent was in force already (a retried append that succeeded, or the same append sent at once, which
            // moved the task there and answers 201): the latest version, nothing added, no trigger.
            return TypedResults.Ok(DatasetVersionResponse.From(version, null, null) with { Added = 0, Duplicates = duplicates });
        }

        var dataTrigger = append ? await triggers.AfterIngestAsync(record, cancellationToken) : null;
        // The score check runs when the data trigger did not fire, or fired and lost every compare-and-set to other
        // writers of the task. A re-optimization it started makes the check pointless (and holds the task's slot); one
        // refused by RunSubmission's gate (a run in progress, the daily budget) has the check refused too, whose refusal
        // would only replace the postponed re-optimization on the task (lastTrigger) with a check that never could have
        // started. Lost races say nothing about the check: skipped, this append's score drop would go unchecked. Its
        // outcome is then not recorded over the postponement, the news an operator needs (the count stays reached, so a
        // later append fires the re-optimization again).
        var check = append && dataTrigger is null or { Contended: true }
            ? await scoreDrops.AfterIngestAsync(record, version.Added, recordOutcome: dataTrigger is null, cancellationToken)
            : null;
        return TypedResults.Created($"/v1/tasks/{task}/datasets/{version.Number}", DatasetVersionResponse.From(version, dataTrigger?.Outcome.RunId, check) with { Duplicates = duplicates });
    }

    /// <summary>
    /// A version the task is on or was on. One past the version in force was stored by an upload that has not moved the
    /// task to it (yet, or ever: it stopped or lost a race), and one below it that an upload wrote past was never the
    /// task's data either (<see cref="TaskRecord.SkippedDatasetVersions"/>): neither is answered, as the list
    /// (<c>GET …/datasets</c>) does not show them.
    /// </summary>
    private static async Task<Ok<DatasetVersionResponse>> GetAsync(string task, int version, ControlPlaneStore store, CancellationToken cancellationToken)
    {
        var record = await TasksApi.Find(store, task, cancellationToken);
        var found = record.HeldDatasetVersion(version) ? await store.GetDatasetVersionAsync(record.Id, version, cancellationToken) : null;
        return found is not null ? TypedResults.Ok(DatasetVersionResponse.From(found, null, null))
            : throw ApiProblemException.NotFound(record.LatestDatasetVersion == 0
                ? $"Dataset version {version} of task '{record.Id}' does not exist; the task has no data yet (PUT …/dataset uploads it)."
                : version >= 1 && version < record.LatestDatasetVersion
                    ? $"Dataset version {version} of task '{record.Id}' was never the task's data (a later upload wrote past it); the latest is {record.LatestDatasetVersion}."
                    : $"Dataset version {version} of task '{record.Id}' does not exist; the latest is {record.LatestDatasetVersion}.");
    }
}
