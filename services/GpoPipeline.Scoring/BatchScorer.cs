using System.Diagnostics;
using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Scoring;

/// <summary>
/// Scores one candidate prompt on the examples a ScoreBatch carries (spec §5): task-model input with the prompt in
/// its position, the second, format-forcing answer round when the run's profile asks for it (<see cref="SecondRoundDecision"/>:
/// production when the first answer states none, paper for Llama-2 chat task models only), the GPO metric. Examples run concurrently; the model
/// client's limiter bounds what reaches the endpoint. Reads no store and no files: the reply carries every answer,
/// score and its usage for the scheduler to memoize.
/// </summary>
public sealed class BatchScorer(ITaskModel taskModel, IOptions<TaskModelOptions> taskModelOptions, IOptions<MessageLimitsOptions> limits)
{
    public Task<BatchScored> ScoreAsync(ScoreBatch batch, CancellationToken cancellationToken) =>
        ScoreAsync(batch, new DeliveryTally(), cancellationToken);

    /// <param name="paid">
    /// What earlier deliveries of this message paid (<see cref="DeliveryUsage"/>): an example reports every payment made
    /// for it, also those of a delivery that failed on another example, whose answers this one gets from the cache.
    /// </param>
    public async Task<BatchScored> ScoreAsync(ScoreBatch batch, DeliveryTally paid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paid);
        ArgumentNullException.ThrowIfNull(batch);
        var scoring = Validate(batch);
        // No budget here: the scheduler reserved these calls before it sent the batch.
        var call = new ModelCall(batch.RunId, batch.Step, batch.CandidateIndex, "score");
        // Calls once started are not cancelled by a stopping host: a paid answer cut off halfway is paid again on
        // resume. Each call still has its own timeout (Llm:Task:Timeout), so a stop waits at most that long.
        var results = await Task.WhenAll(batch.Examples.Select(example =>
            ScoreExampleAsync(scoring, example, batch.Prompt, call, paid, CancellationToken.None)));

        // DESIGN §5 attributes on the consumer's span; prompts stay out of spans.
        Activity.Current?.SetTag("gpo.run.id", batch.RunId.ToString());
        Activity.Current?.SetTag("gpo.step", batch.Step);
        Activity.Current?.SetTag("gpo.candidate", batch.CandidateIndex);
        Activity.Current?.SetTag("gpo.batch", batch.BatchIndex);
        Activity.Current?.SetTag("gpo.score", results.Sum(r => r.Score) / results.Length);
        var usage = results.Aggregate(ModelUsage.None, (sum, r) => sum.Add(r.Usage));
        Activity.Current?.SetTag("gpo.tokens.input", usage.InputTokens);
        Activity.Current?.SetTag("gpo.tokens.output", usage.OutputTokens);
        return new BatchScored
        {
            RunId = batch.RunId,
            Step = batch.Step,
            CandidateIndex = batch.CandidateIndex,
            BatchIndex = batch.BatchIndex,
            Split = batch.Split,
            Score = results.Sum(r => r.Score),
            Total = results.Length,
            WorkToken = batch.WorkToken,
            Results = results,
            Usage = usage,
        };
    }

    /// <summary>Refuses work that does not add up or is over the limits before a single model call.</summary>
    private ScoringSettings Validate(ScoreBatch batch)
    {
        var where = $"ScoreBatch for run {batch.RunId} step {batch.Step} candidate {batch.CandidateIndex} batch {batch.BatchIndex}";
        if (batch.Scoring?.Task is not { } || batch.Examples is not { Count: > 0 } examples)
        {
            throw new RejectedMessageException($"{where}: needs Scoring settings and at least one example.");
        }

        TaskChecks.Validate(batch.Scoring, $"{where}: Scoring");
        TaskChecks.SameModel(batch.Scoring, taskModelOptions.Value.Model, where);

        var limit = limits.Value;
        MessageLimitsOptions.Count(examples.Count, limit.MaxExamples, $"{where}: examples", nameof(MessageLimitsOptions.MaxExamples));
        limit.Prompt(batch.Prompt, $"{where}: the prompt");
        if (batch.From < 0 || batch.To <= batch.From || examples.Count > batch.To - batch.From
            || examples.Any(e => e is null || e.Index < batch.From || e.Index >= batch.To)
            || examples.Select(e => e.Index).Distinct().Count() != examples.Count)
        {
            throw new RejectedMessageException($"{where}: its examples must be distinct indices inside [{batch.From}, {batch.To}).");
        }

        foreach (var example in examples)
        {
            limit.Example(example.Input, $"{where}: example {example.Index}");
            if (example.References is not { Count: > 0 } references || references.Any(r => r is null || r.Length > limit.MaxExampleChars))
            {
                throw new RejectedMessageException($"{where}: example {example.Index} needs 1+ references of at most {limit.MaxExampleChars} characters ({MessageLimitsOptions.Section}:{nameof(MessageLimitsOptions.MaxExampleChars)}).");
            }
        }

        return batch.Scoring;
    }

    private async Task<ExampleResult> ScoreExampleAsync(
        ScoringSettings scoring, ExampleData data, string prompt, ModelCall call, DeliveryTally paid, CancellationToken cancellationToken)
    {
        var unit = data.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var example = new Example(data.Input, data.References);
        List<ChatMessage> messages = [new(ChatRole.User, TaskInput.Build(example.Input, prompt, scoring.Position))];
        var first = await paid.PayAsync(unit, taskModel.CompleteAsync(messages, call, cancellationToken));
        var reply = first;
        // The rule is the profile's; the model it looks at is the one this worker calls (Llm:Task:Model).
        var needed = SecondRoundDecision.IsNeeded(
            ProfilePolicy.For(scoring.Profile), scoring.Task, taskModelOptions.Value.Model, first.Text, scoring.TwoRoundExtraction);
        var secondTurn = needed ? SecondRound.Instruction(scoring.Task, example.Input) : null;
        if (secondTurn is not null)
        {
            // Spec §5.3: the first answer becomes the assistant turn, then a format-forcing user turn, with the code's
            // 100 output tokens (eval_utils.py lines 672 and 683).
            messages.Add(new ChatMessage(ChatRole.Assistant, first.Text));
            messages.Add(new ChatMessage(ChatRole.User, secondTurn));
            reply = await paid.PayAsync(unit, taskModel.CompleteAsync(messages, call with { MaxOutputTokens = ProfilePolicy.SecondRoundMaxOutputTokens }, cancellationToken));
        }

        return new ExampleResult
        {
            Index = data.Index,
            Answer = reply.Text,
            Score = TaskScorer.Score(scoring.Task, reply.Text, example),
            Usage = paid.Of(unit), // its rounds' paid calls, in this delivery and the failed ones before it
        };
    }
}
