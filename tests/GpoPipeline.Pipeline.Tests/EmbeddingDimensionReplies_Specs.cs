using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The scheduler's side of a model that answers another dimension under the same name: a vector's identity is (model,
/// dimension), so the reply's vectors are accepted and stored over the former ones, and a step reserves the embedding
/// call while an entry's vector is of another dimension than the trajectory's newest. Before, the reply was rejected
/// ("where the run's have 2") and the run's step waited for candidates it never recorded.
/// </summary>
public sealed class EmbeddingDimensionReplies_Specs
{
    [Fact]
    public void When_a_reply_brings_vectors_of_the_same_model_and_another_dimension_Should_accept_them_and_store_them_over_the_former_ones()
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 1 generating
        run.Trajectory[0].Embedding = [0.8f, 0.6f]; // stored at an earlier step, when the model answered 2 dimensions
        run.Trajectory[0].EmbeddingModel = "model-a";
        var reply = LifecycleRuns.Candidates(run, "Answer Yes or No after thinking.") with
        {
            Embeddings = [new PromptEmbedding { Prompt = run.Trajectory[0].Prompt, Vector = [0f, 0.6f, 0.8f], Model = "model-a" }],
        };

        Assert.Equal(ReplyFit.Accept, ReplyChecks.Judge(run, reply).Fit);
        RunLifecycle.RecordCandidates(run, reply, LifecycleRuns.Now, Guid.NewGuid(), 20_000);

        Assert.Equal(new[] { 0f, 0.6f, 0.8f }, run.Trajectory[0].Embedding);
        Assert.Equal("model-a", run.Trajectory[0].EmbeddingModel);
        Assert.Equal(StepStatus.Scoring, run.Steps[^1].Status);
    }

    [Theory]
    [InlineData("one model, one dimension", 0)]
    [InlineData("an older entry of the model's former dimension", 1)]
    [InlineData("the newest entry of the former dimension", 1)]
    public void When_a_step_opens_Should_reserve_the_embedding_call_while_an_entry_lacks_a_vector_of_the_newest_model_and_dimension(string trajectory, int calls)
    {
        static TrajectoryRecord Entry(int step, int dimensions) =>
            new() { Step = step, Prompt = $"p{step}", Embedding = [.. Enumerable.Repeat(0.5f, dimensions)], EmbeddingModel = "model-a" };
        List<TrajectoryRecord> entries = trajectory switch
        {
            "one model, one dimension" => [Entry(0, 3), Entry(1, 3)],
            "an older entry of the model's former dimension" => [Entry(0, 2), Entry(1, 3)],
            _ => [Entry(0, 3), Entry(1, 2)],
        };

        Assert.Equal(calls, EmbeddingReservation.Calls(entries));
    }
}
