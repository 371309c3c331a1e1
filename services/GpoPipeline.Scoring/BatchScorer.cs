using System.Diagnostics;
using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.AI;

namespace GpoPipeline.Scoring;

/// <summary>
/// Scores one candidate prompt on one batch of examples (spec §5): task-model input with the prompt in its
/// position, the two-round chat extraction where configured, the GPO metric. Examples of a batch run
/// concurrently; the model client's limiter bounds what reaches the endpoint.
/// </summary>
public sealed class BatchScorer(IRunStore store, ITaskModel taskModel, DatasetCatalog datasets)
{
    public async Task<BatchScored?> ScoreAsync(ScoreBatch batch, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(batch.RunId, cancellationToken);
        if (run is null || run.Status != RunStatus.Running)
        {
            return null; // cancelled or stopped: spend nothing more
        }

        var dataset = datasets.Get(batch.DataPath, batch.Task);
        var examples = dataset[batch.Split];
        if (batch.From < 0 || batch.To > examples.Count || batch.From >= batch.To)
        {
            throw new InvalidOperationException(
                $"Batch [{batch.From}, {batch.To}) is outside the {examples.Count} examples of {batch.Task}/{batch.Split}.");
        }

        var position = OptionNames.ParsePosition(run.Settings.PromptPosition);
        var budget = new RunBudget(run.Settings.MaxCalls, run.Settings.MaxTokens, run.Settings.MaxCost);
        var call = new ModelCall(run.Id, batch.Step, batch.CandidateIndex, "score") { Budget = budget };
        // Calls once started are not cancelled by a stopping host: a paid answer cut off halfway is paid again on
        // resume. Each call still has its own timeout (Llm:Task:Timeout), so a stop waits at most that long.
        var results = await Task.WhenAll(Enumerable.Range(batch.From, batch.To - batch.From).Select(i =>
            ScoreExampleAsync(dataset.Task, examples[i], batch.Prompt, position, run.Settings.TwoRoundExtraction, call, CancellationToken.None)));

        // DESIGN §5 attributes on the consumer's span; prompts stay out of spans.
        Activity.Current?.SetTag("gpo.run.id", batch.RunId.ToString());
        Activity.Current?.SetTag("gpo.step", batch.Step);
        Activity.Current?.SetTag("gpo.candidate", batch.CandidateIndex);
        Activity.Current?.SetTag("gpo.batch", batch.BatchIndex);
        Activity.Current?.SetTag("gpo.score", results.Sum(r => r.Score) / results.Length);
        Activity.Current?.SetTag("gpo.tokens.input", results.Sum(r => r.InputTokens));
        Activity.Current?.SetTag("gpo.tokens.output", results.Sum(r => r.OutputTokens));
        return new BatchScored
        {
            RunId = batch.RunId,
            Step = batch.Step,
            CandidateIndex = batch.CandidateIndex,
            BatchIndex = batch.BatchIndex,
            Split = batch.Split,
            Score = results.Sum(r => r.Score),
            Total = results.Length,
            ExampleScores = results.Select(r => r.Score).ToArray(),
            InputTokens = results.Sum(r => r.InputTokens),
            OutputTokens = results.Sum(r => r.OutputTokens),
        };
    }

    private async Task<(double Score, long InputTokens, long OutputTokens)> ScoreExampleAsync(
        TaskDefinition task, Example example, string prompt, PromptPosition position, bool twoRounds, ModelCall call, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [new(ChatRole.User, TaskInput.Build(example.Input, prompt, position))];
        var first = await taskModel.CompleteAsync(messages, call, cancellationToken);
        var reply = first;
        var secondTurn = twoRounds ? SecondRound.Instruction(task, example.Input) : null;
        if (secondTurn is not null)
        {
            // Spec §5.3: the first answer becomes the assistant turn, then a format-forcing user turn.
            messages.Add(new ChatMessage(ChatRole.Assistant, first.Text));
            messages.Add(new ChatMessage(ChatRole.User, secondTurn));
            reply = await taskModel.CompleteAsync(messages, call, cancellationToken);
        }

        var score = TaskScorer.Score(task, reply.Text, example);
        return (score, first.Usage.InputTokens + (secondTurn is null ? 0 : reply.Usage.InputTokens),
            first.Usage.OutputTokens + (secondTurn is null ? 0 : reply.Usage.OutputTokens));
    }
}
