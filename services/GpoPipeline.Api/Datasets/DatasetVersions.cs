using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Datasets;

/// <summary>Writes new immutable dataset versions (a replacing upload or an append) and moves the task to them.</summary>
public sealed class DatasetVersions(ControlPlaneStore store, IOptions<ControlPlaneOptions> options, TimeProvider clock)
{
    /// <param name="append">True adds to the latest version; false replaces the data.</param>
    /// <returns>The task and its latest version, the examples sent that it held already (<see cref="ExampleDeduplication"/>),
    /// and whether a version was written: an append of nothing new writes none.</returns>
    public async Task<(TaskRecord Task, DatasetVersionRecord Version, int Duplicates, bool Written)> AddAsync(
        string taskName, List<DatasetExample> examples, bool append, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(examples);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var task = await store.GetTaskAsync(taskName, cancellationToken) ?? throw ApiProblemException.NotFound($"Task '{taskName}' does not exist.");
            var previous = append && task.LatestDatasetVersion > 0
                ? await store.GetDatasetVersionAsync(task.Id, task.LatestDatasetVersion, cancellationToken)
                : null;
            var (fresh, duplicates) = ExampleDeduplication.Fresh(previous?.Examples ?? [], examples);
            if (previous is not null && fresh.Count == 0)
            {
                return (task, previous, duplicates, false); // a retried append: nothing new, no new version
            }

            List<DatasetExample> all = [.. previous?.Examples ?? [], .. fresh];
            Validate(task, all);
            var version = new DatasetVersionRecord
            {
                Task = task.Id, Number = task.LatestDatasetVersion + 1, Examples = all, Sha256 = ContentHash(all),
                Added = fresh.Count, CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            if (!await store.TryAddDatasetVersionAsync(version, cancellationToken))
            {
                continue; // a concurrent upload took this number: read again and build on it
            }

            task.LatestDatasetVersion = version.Number;
            task.ExampleCount = all.Count;
            if (await store.TryUpdateTaskAsync(task, cancellationToken))
            {
                return (task, version, duplicates, true);
            }
        }

        throw ApiProblemException.Conflict($"Task '{taskName}' is being changed by other requests; try again.");
    }

    private void Validate(TaskRecord task, List<DatasetExample> all)
    {
        var limit = options.Value.MaxExamples;
        if (all.Count > limit)
        {
            throw ApiProblemException.Invalid($"The dataset would have {all.Count:N0} examples; the limit is {limit:N0} (ControlPlane:MaxExamples).");
        }

        var splits = HeldOutSplit.Apply(all);
        if (splits.Values.Any(s => s.Count == 0))
        {
            throw ApiProblemException.Invalid(
                $"The dataset's {all.Count} examples leave a split empty (train {splits[HeldOutSplit.Train].Count}, dev {splits[HeldOutSplit.Dev].Count}, " +
                $"test {splits[HeldOutSplit.Test].Count}; examples are split 20/30/50 by a hash of their input); upload more examples.");
        }

        if (TaskSettingsValidator.StepsProblem(task.Settings, splits[HeldOutSplit.Train].Count) is { } steps)
        {
            throw ApiProblemException.Invalid(steps);
        }
    }

    /// <summary>SHA-256 of the canonical JSON lines: two versions with the same examples share an address (DESIGN §3).</summary>
    public static string ContentHash(IEnumerable<DatasetExample> examples)
    {
        var builder = new StringBuilder();
        foreach (var example in examples)
        {
            builder.Append(JsonLine(example)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    public static string JsonLine(DatasetExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return example.References.Count == 1
            ? JsonSerializer.Serialize(new { input = example.Input, target = example.References[0] })
            : JsonSerializer.Serialize(new { input = example.Input, target = example.References });
    }
}
