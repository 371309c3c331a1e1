using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Datasets;

/// <summary>Writes new immutable dataset versions (a replacing upload or an append) and moves the task to them.</summary>
public sealed partial class DatasetVersions(
    ControlPlaneStore store, IOptions<ControlPlaneOptions> options, TimeProvider clock, ILogger<DatasetVersions>? logger = null)
{
    /// <summary>Rounds of read, write and move a request tries before answering 409 (other requests kept changing the task).</summary>
    private const int Rounds = 8;

    /// <summary>Versions a request writes past (unusable, stored by others) on top of its rounds.</summary>
    private const int MaxWrittenPast = 100;

    /// <summary>How many versions below the latest a retried append looks through for its first attempt's version.</summary>
    private const int RetryLookBack = 4;

    /// <param name="append">True adds to the latest version; false replaces the data.</param>
    /// <returns>The task and the version holding the examples sent, the examples sent that the task held already
    /// (<see cref="ExampleDeduplication"/>), and whether this request answers for new data (201, triggers fired). Of the
    /// requests that wrote a version or took it in (its writer seemed gone), exactly one answers for it: the one that
    /// marks it announced first. An append of nothing new writes none and answers for none.</returns>
    /// <exception cref="ApiProblemException">Refused, or (503) the store failed: logged here, answered without its stack.</exception>
    public async Task<(TaskRecord Task, DatasetVersionRecord Version, int Duplicates, bool NewData)> AddAsync(
        string taskName, List<DatasetExample> examples, bool append, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(examples);
        try
        {
            return await WriteAsync(taskName, examples, append, cancellationToken);
        }
        catch (Exception ex) when (ex is not ApiProblemException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // A store that refuses the write (a document over its limit that the size check let through, an outage) was a
            // bare 500, and every later upload the same. Sending again is safe: examples the task holds are not added twice.
            LogStoreFailure(logger ?? (ILogger)NullLogger.Instance, ex, taskName, examples.Count);
            throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "Store failure",
                $"The store failed to write the dataset of task '{taskName}' ({examples.Count:N0} examples sent); the failure is logged on the server. " +
                $"GET /v1/tasks/{taskName} shows the version in force; sending the examples again is safe (examples the task holds are not added twice). " +
                "If it fails again the data may be too large for the store: send fewer or shorter examples.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The store failed to write a dataset version of task {Task} ({Examples} examples sent)")]
    private static partial void LogStoreFailure(ILogger logger, Exception exception, string task, int examples);

    private async Task<(TaskRecord Task, DatasetVersionRecord Version, int Duplicates, bool NewData)> WriteAsync(
        string taskName, List<DatasetExample> examples, bool append, CancellationToken cancellationToken)
    {
        (DatasetVersionRecord Version, int Duplicates)? mine = null; // a version holding every example sent, that this request wrote or took in
        var passed = 0; // the last number found taken and written past
        var (rounds, writtenPast) = (0, 0);
        while (rounds++ < Rounds)
        {
            var task = await store.GetTaskAsync(taskName, cancellationToken) ?? throw ApiProblemException.NotFound($"Task '{taskName}' does not exist.");
            var previous = append && task.LatestDatasetVersion > 0
                ? await store.GetDatasetVersionAsync(task.Id, task.LatestDatasetVersion, cancellationToken)
                : null;
            var (fresh, duplicates) = ExampleDeduplication.Fresh(previous?.Examples ?? [], examples);
            if (previous is not null && fresh.Count == 0)
            {
                // Everything sent is in force. New data if this request wrote (or took in) a version holding it that the
                // task was on, and no other request answered for that version first: two different appends racing each
                // answer for their own, the same append sent twice (or retried after a write that failed) answers once.
                mine ??= await UnannouncedVersionAddingAsync(task, examples, cancellationToken);
                return mine is { } own && task.HeldDatasetVersion(own.Version.Number) && await TryAnnounceAsync(own.Version, cancellationToken)
                    ? (task, own.Version, own.Duplicates, true)
                    : (task, previous, duplicates, false);
            }

            List<DatasetExample> all = [.. previous?.Examples ?? [], .. fresh];
            Validate(task, all, fresh.Count);
            var version = new DatasetVersionRecord
            {
                Task = task.Id, Number = Math.Max(task.LatestDatasetVersion, passed) + 1, Examples = all, Sha256 = ContentHash(all),
                Added = fresh.Count, CreatedAt = clock.GetUtcNow().UtcDateTime, BasedOn = append ? task.LatestDatasetVersion : null,
                // A replacing upload answers for its version itself (below): an append finding its examples in it answers
                // 200, as for any examples the task held already.
                Announced = !append,
            };
            if (await store.TryAddDatasetVersionAsync(version, cancellationToken))
            {
                var (moved, byThis) = await MoveTaskToAsync(taskName, version, cancellationToken);
                if (append ? byThis && await TryAnnounceAsync(version, cancellationToken) : moved.HeldDatasetVersion(version.Number))
                {
                    return (moved, version, duplicates, true);
                }

                // Another request moved the task to this version (it took it in: the same examples sent at once), past it
                // (an append built on it, a replacing upload) or away from the version it builds on. Read again: an
                // append holding these examples answers as above; one not holding them, or a replacing upload written past
                // before the task was ever on it, writes them again.
                mine = append ? (version, duplicates) : null;
                continue;
            }

            // The number is taken. A replacing upload writes past it (it does not build on the version holding that
            // number; taking it in would refuse this upload when the task's settings no longer fit that version, though
            // uploading less data is the way out that refusal names). An append takes it in unless it cannot (TakenIn).
            var taken = append ? await store.GetDatasetVersionAsync(task.Id, version.Number, cancellationToken) : null;
            if (!append || (taken is not null && !TakenIn(taken, task.LatestDatasetVersion)))
            {
                // That version stays stored, never in force. Passing one is progress, not a conflict: many left behind in a
                // row (writers that died, or another instance's) must not exhaust this request's rounds.
                passed = version.Number;
                rounds -= ++writtenPast <= MaxWrittenPast ? 1 : 0;
                continue;
            }

            if (taken is null)
            {
                continue;
            }

            // Taken by a concurrent append that has not moved the task yet, or by one that stopped between its two
            // writes. That version is complete and was checked, so the task moves to it here (a live writer then finds
            // it in force) and this append builds on it in the next round. Left alone, a version whose writer died would
            // hold the next number for ever: every later append would answer 409.
            await MoveTaskToAsync(taskName, taken, cancellationToken);
            if (taken.Added == fresh.Count && ExampleDeduplication.Fresh(taken.Examples, examples).Fresh.Count == 0)
            {
                // It adds exactly what this request adds (this request's own first attempt, or the same examples sent at
                // once): this request may answer for it, if its writer does not first. A version that merely holds them
                // among others answers for those others; this request then finds its examples in force and answers 200.
                mine = (taken, duplicates); // counted against the version it builds on, as its writer counted them
            }
        }

        throw ApiProblemException.ContendedConflict($"Task '{taskName}' is being changed by other requests; try again.");
    }

    /// <summary>
    /// Whether an upload finding <paramref name="version"/> stored past the task's version <paramref name="current"/>
    /// takes it in. Not when it holds more examples than ControlPlane:MaxExamples allows here (stored under a higher
    /// limit: lowered by a restart, or another instance's), nor when it is an append built on another version than
    /// <paramref name="current"/> (the task moved on from its base before its writer could move it): either would put
    /// the task on data a fresh write could not store, or drop the examples the task moved on to.
    /// </summary>
    private bool TakenIn(DatasetVersionRecord version, int current) =>
        !OverLimit(version) && (version.BasedOn is null || version.BasedOn == current);

    /// <summary>
    /// The version among the last few the task held that added exactly <paramref name="examples"/>, if no request has
    /// answered for it: the first attempt of this append stored it and stopped (a 409 under contention, a crash), and
    /// another append took it in and built on it before this retry came. Looked for near the top only (a retry comes
    /// soon): an append of examples added long ago answers 200 without reading the task's history.
    /// </summary>
    private async Task<(DatasetVersionRecord Version, int Duplicates)?> UnannouncedVersionAddingAsync(
        TaskRecord task, List<DatasetExample> examples, CancellationToken cancellationToken)
    {
        DatasetVersionRecord? adding = null;
        for (var number = task.LatestDatasetVersion; number >= 1 && number > task.LatestDatasetVersion - RetryLookBack; number--)
        {
            if (!task.HeldDatasetVersion(number))
            {
                continue;
            }

            var version = await store.GetDatasetVersionAsync(task.Id, number, cancellationToken);
            if (version is null || ExampleDeduplication.Fresh(version.Examples, examples).Fresh.Count > 0)
            {
                break; // the examples came after this one: the one above added them
            }

            adding = version;
        }

        if (adding is not { Announced: false, BasedOn: { } basis })
        {
            return null;
        }

        var before = basis > 0 ? await store.GetDatasetVersionAsync(task.Id, basis, cancellationToken) : null;
        var (fresh, duplicates) = ExampleDeduplication.Fresh(before?.Examples ?? [], examples);
        return fresh.Count == adding.Added ? (adding, duplicates) : null;
    }

    /// <summary>Marks <paramref name="version"/> announced; false when another request did first.</summary>
    private async Task<bool> TryAnnounceAsync(DatasetVersionRecord version, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var stored = await store.GetDatasetVersionAsync(version.Task, version.Number, cancellationToken);
            if (stored is null || stored.Announced)
            {
                return false;
            }

            stored.Announced = true;
            if (await store.TryUpdateDatasetVersionAsync(stored, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Points the task at <paramref name="version"/> unless it points there or past it already, or (an append's version)
    /// has moved on from the version it builds on. Other writers change the task too (settings, policy, a run's start
    /// and end): their compare-and-set wins, and this one reads the task again and retries — the version is written,
    /// so giving up here would leave it behind (see above).
    /// </summary>
    /// <returns>The task, and whether this call moved it.</returns>
    private async Task<(TaskRecord Task, bool Moved)> MoveTaskToAsync(string taskName, DatasetVersionRecord version, CancellationToken cancellationToken)
    {
        var trainExamples = HeldOutSplit.Apply(version.Examples)[HeldOutSplit.Train].Count; // once, not per retry
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var task = await store.GetTaskAsync(taskName, cancellationToken) ?? throw ApiProblemException.NotFound($"Task '{taskName}' does not exist.");
            if (task.LatestDatasetVersion >= version.Number || (version.BasedOn is { } basis && task.LatestDatasetVersion != basis))
            {
                // Moved from another version than it builds on (one another instance wrote past it and answered 201 for),
                // the task would lose that version's examples.
                return (task, false);
            }

            // The version was checked against the settings its writer read. A settings PUT since then (between this
            // upload's two writes, or while a stopped writer's version lay here) checked the task's older data only: moved
            // to a version its settings do not fit, every run of the task would fail at start.
            if (TaskSettingsValidator.StepsProblem(task.Settings, trainExamples) is { } steps)
            {
                throw ApiProblemException.Invalid($"Dataset version {version.Number} is stored but the task's settings changed since it was checked: {steps}");
            }

            if (version.Number > task.LatestDatasetVersion + 1)
            {
                // Written past: the task was never on those, so they are neither answered nor listed.
                task.SkippedDatasetVersions = [.. task.SkippedDatasetVersions ?? [], .. Enumerable.Range(task.LatestDatasetVersion + 1, version.Number - task.LatestDatasetVersion - 1)];
            }

            task.LatestDatasetVersion = version.Number;
            task.ExampleCount = version.Examples.Count;
            // Data replaced by fewer examples than the last run used: the data trigger counts the examples added since
            // from here. Counted from the last run's size, it stayed silent until the task had outgrown that again.
            task.ExamplesAtLastRun = Math.Min(task.ExamplesAtLastRun, version.Examples.Count);
            if (await store.TryUpdateTaskAsync(task, cancellationToken))
            {
                return (task, true);
            }
        }

        throw ApiProblemException.ContendedConflict($"Task '{taskName}' is being changed by other requests; dataset version {version.Number} is stored and the next upload takes it in.");
    }

    /// <summary>
    /// Why <paramref name="settings"/> do not fit the data the task's runs take next, or null when they fit. That is the
    /// version in force and every version stored past it by an upload that stopped before moving the task: the next
    /// upload takes each of those in and refuses one the settings do not fit (<see cref="MoveTaskToAsync"/>), so
    /// settings checked against the version in force only could leave every upload refused. The next upload may come to
    /// another instance, so a version over this one's ControlPlane:MaxExamples is checked too (an instance with a higher
    /// limit takes it in), and one built on any version checked here (the task may be on it by then); only an append's
    /// version built on a version the task can no longer be on is passed over, as every instance writes past it.
    /// Checking a version no instance takes in only refuses settings until an upload here writes past it.
    /// </summary>
    public async Task<string?> SettingsProblemAsync(TaskRecord task, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        HashSet<int> possiblyInForce = [task.LatestDatasetVersion]; // once the uploads before took in what their limits let them
        for (var number = Math.Max(task.LatestDatasetVersion, 1); await store.GetDatasetVersionAsync(task.Id, number, cancellationToken) is { } version; number++)
        {
            if (number != task.LatestDatasetVersion && version.BasedOn is { } basis && !possiblyInForce.Contains(basis))
            {
                continue; // no upload takes it in (it writes past it), so no setting needs to fit it
            }

            if (TaskSettingsValidator.StepsProblem(settings, HeldOutSplit.Apply(version.Examples)[HeldOutSplit.Train].Count) is { } steps)
            {
                return number == task.LatestDatasetVersion ? steps
                    : OverLimit(version)
                        ? $"Dataset version {number} is stored by an upload that has not moved the task to it yet, and an instance with a higher " +
                          $"ControlPlane:MaxExamples than this one's ({options.Value.MaxExamples:N0}) takes its {version.Examples.Count:N0} examples in " +
                          $"(an upload here writes past it): {steps}"
                        : $"Dataset version {number} is stored by an upload that has not moved the task to it yet, and the next upload takes it in: {steps}";
            }

            possiblyInForce.Add(number);
        }

        return null;
    }

    /// <summary>
    /// A version stored under a higher ControlPlane:MaxExamples than this process has (lowered by a restart, or another
    /// instance's): never taken in here, as a fresh write of it would be refused (an instance with a higher limit does take
    /// it in, so settings are still checked against it: <see cref="SettingsProblemAsync"/>).
    /// </summary>
    private bool OverLimit(DatasetVersionRecord version) => version.Examples.Count > options.Value.MaxExamples;

    private void Validate(TaskRecord task, List<DatasetExample> all, int freshCount)
    {
        var limit = options.Value.MaxExamples;
        if (all.Count > limit)
        {
            throw ApiProblemException.Invalid($"The dataset would have {all.Count:N0} examples; the limit is {limit:N0} (ControlPlane:MaxExamples).");
        }

        var bytes = StoredDatasetSize.Of(all);
        if (bytes > options.Value.MaxDatasetBytes)
        {
            var sent = all.Count == freshCount ? $"the {all.Count:N0} examples sent" : $"the {freshCount:N0} new examples sent added to the {all.Count - freshCount:N0} the task holds";
            throw ApiProblemException.Invalid(
                $"The dataset would take {StoredDatasetSize.Describe(bytes)} in the store ({sent}); the limit is " +
                $"{StoredDatasetSize.Describe(options.Value.MaxDatasetBytes)} (ControlPlane:MaxDatasetBytes). The task's data is unchanged; " +
                "send fewer or shorter examples, or replace the dataset (PUT …/dataset) with a smaller one.");
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
