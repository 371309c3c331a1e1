using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The scheduler's side of a redeployed embedding model: a reply's vectors of the new model are stored over the old
/// model's, their dimension is checked against the run's vectors of the same model only, and a step reserves the
/// embedding call while any entry lacks a vector of the model of the trajectory's newest vector.
/// </summary>
public sealed class EmbeddingModelReplies_Specs
{
    [Fact]
    public void When_a_reply_brings_vectors_of_another_model_and_dimension_Should_accept_them_and_store_them_over_the_old_ones()
    {
        var (run, prompt) = GeneratingRunEmbeddedBy("model-a", [0.8f, 0.6f]);
        var reply = LifecycleRuns.Candidates(run, "Answer Yes or No after thinking.") with
        {
            Embeddings = [new PromptEmbedding { Prompt = prompt, Vector = [0f, 0f, 1f], Model = "model-b" }],
        };

        Assert.Equal(ReplyFit.Accept, ReplyChecks.Judge(run, reply).Fit);
        RunLifecycle.RecordCandidates(run, reply, LifecycleRuns.Now, Guid.NewGuid(), 20_000);

        Assert.Equal("model-b", run.Trajectory[0].EmbeddingModel);
        Assert.Equal(new[] { 0f, 0f, 1f }, run.Trajectory[0].Embedding);
    }

    [Fact]
    public void When_a_vector_stored_before_the_model_was_recorded_is_embedded_again_Should_store_the_new_one_with_its_model()
    {
        var (run, prompt) = GeneratingRunEmbeddedBy(null, [0.8f, 0.6f]);
        var reply = LifecycleRuns.Candidates(run, "Answer Yes or No after thinking.") with
        {
            Embeddings = [new PromptEmbedding { Prompt = prompt, Vector = [0.6f, 0.8f], Model = "model-b" }],
        };

        RunLifecycle.RecordCandidates(run, reply, LifecycleRuns.Now, Guid.NewGuid(), 20_000);

        Assert.Equal("model-b", run.Trajectory[0].EmbeddingModel);
        Assert.Equal(new[] { 0.6f, 0.8f }, run.Trajectory[0].Embedding);
    }

    [Fact]
    public void When_a_reply_brings_vectors_of_two_models_Should_reject_it()
    {
        var (run, prompt) = GeneratingRunEmbeddedBy("model-a", [0.8f, 0.6f]);
        PromptEmbedding[] embeddings =
            [new PromptEmbedding { Prompt = prompt, Vector = [1f, 0f], Model = "model-a" }, new PromptEmbedding { Prompt = prompt, Vector = [1f, 0f, 0f], Model = "model-b" }];
        var reply = LifecycleRuns.Candidates(run, "Answer Yes or No after thinking.") with { Embeddings = embeddings };

        var verdict = ReplyChecks.Judge(run, reply);

        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Contains("more than one model", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("every entry of one model", 0)]
    [InlineData("an entry without a vector", 1)]
    [InlineData("an older entry of another model", 1)]
    [InlineData("an entry stored before the model was recorded", 1)]
    public void When_a_step_opens_Should_reserve_the_embedding_call_while_an_entry_lacks_a_vector_of_the_newest_model(string trajectory, int calls)
    {
        TrajectoryRecord Entry(int step, string? model, bool embedded = true) =>
            new() { Step = step, Prompt = $"p{step}", Embedding = embedded ? [1f, 0f] : null, EmbeddingModel = embedded ? model : null };
        List<TrajectoryRecord> entries = trajectory switch
        {
            "every entry of one model" => [Entry(0, "b"), Entry(1, "b")],
            "an entry without a vector" => [Entry(0, "b"), Entry(1, "b", embedded: false)],
            "an older entry of another model" => [Entry(0, "a"), Entry(1, "b")],
            _ => [Entry(0, null), Entry(1, null)],
        };

        Assert.Equal(calls, EmbeddingReservation.Calls(entries));
    }

    private static (RunRecord Run, string Prompt) GeneratingRunEmbeddedBy(string? model, float[] vector)
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 1 generating
        run.Trajectory[0].Embedding = vector; // stored at an earlier step
        run.Trajectory[0].EmbeddingModel = model;
        return (run, run.Trajectory[0].Prompt);
    }
}
