using GpoPipeline.Llm;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A run whose trajectory model A embedded goes on after the retrieval workers were redeployed with model B (a
/// continuously running system does that): the step re-embeds every entry in its one call, ranks with B's vectors
/// only, and the run stores B's vectors and completes. Before, another dimension failed the run (cosine of two
/// lengths), and the same dimension ranked silently across two vector spaces. Model A answering another dimension
/// under the same name is handled alike, one step later: the first call that shows it ranks lexically.
/// </summary>
public sealed class EmbeddingModelChange_Specs
{
    [Theory]
    [InlineData(8, 16)]
    [InlineData(16, 16)]
    public async Task When_the_embedding_model_changes_mid_run_Should_embed_the_trajectory_again_with_the_new_model_and_complete(int dimensionsOfA, int dimensionsOfB)
    {
        var endpoint = new RedeployedEmbeddingModel("model-a", dimensionsOfA, "model-b", dimensionsOfB);
        await using var cluster = await PipelineCluster.StartAsync(workers: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IPromptEmbedder>(endpoint));
            services.Replace(ServiceDescriptor.Singleton<IOptions<EmbeddingModelOptions>>(endpoint));
        });

        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun() with { Steps = 3 });
        var run = await cluster.WaitAsync(runId, seconds: 180);

        Assert.Equal(RunStatus.Completed, run.Status);
        var calls = endpoint.Calls;
        Assert.Equal("model-a", calls[0].Model); // step 1 embedded the initial prompt with A
        var step2 = calls[1];
        Assert.Equal("model-b", step2.Model);
        var trajectoryAtStep2 = run.Trajectory.Take(2).Select(t => t.Prompt).Distinct(StringComparer.Ordinal);
        Assert.Equal(trajectoryAtStep2.Order(StringComparer.Ordinal), step2.Texts.Order(StringComparer.Ordinal)); // the A-embedded prompt again, in the one call
        Assert.All(calls.Skip(1), call => Assert.Equal("model-b", call.Model));
        Assert.All(run.Steps.Where(s => s.Step >= 2 && s.Similarity is not null), s => Assert.Equal("embedding endpoint model-b", s.Similarity));
        var stored = run.Trajectory.Where(t => t.Embedding is not null).ToList();
        Assert.All(run.Trajectory.Take(3), entry => Assert.Contains(stored, s => s.Prompt == entry.Prompt)); // what steps 1-3 ranked
        Assert.All(stored, entry =>
        {
            Assert.Equal("model-b", entry.EmbeddingModel);
            Assert.Equal(RedeployedEmbeddingModel.Vector("model-b", entry.Prompt, dimensionsOfB), entry.Embedding);
        });
    }

    [Fact]
    public async Task When_the_model_answers_another_dimension_under_the_same_name_mid_run_Should_embed_the_trajectory_again_and_complete()
    {
        // An OpenAI-compatible endpoint's `dimensions` changed after the first call: model-a answers 8, then 16.
        var endpoint = new RedeployedEmbeddingModel("model-a", 8, "model-a", 16);
        await using var cluster = await PipelineCluster.StartAsync(workers: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IPromptEmbedder>(endpoint));
            services.Replace(ServiceDescriptor.Singleton<IOptions<EmbeddingModelOptions>>(endpoint));
        });

        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun() with { Steps = 3 });
        var run = await cluster.WaitAsync(runId, seconds: 180);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.All(endpoint.Calls, call => Assert.Equal("model-a", call.Model));
        // The step whose call first answers 16 ranks lexically (its call is spent); the next re-embeds the rest in its call.
        var similarities = run.Steps.Where(s => s.Similarity is not null).Select(s => s.Similarity!).ToList();
        var changed = similarities.FindIndex(s => s.Contains("now answers 16 dimensions, its stored vectors have 8", StringComparison.Ordinal));
        Assert.True(changed >= 0, string.Join(" | ", similarities));
        Assert.All(similarities.Skip(changed + 1), s => Assert.Equal("embedding endpoint model-a", s));
        Assert.NotEmpty(similarities.Skip(changed + 1));
        var stored = run.Trajectory.Where(t => t.Embedding is not null).ToList();
        Assert.All(run.Trajectory.Take(3), entry => Assert.Contains(stored, s => s.Prompt == entry.Prompt)); // what steps 1-3 ranked
        Assert.All(stored, entry =>
        {
            Assert.Equal("model-a", entry.EmbeddingModel);
            Assert.Equal(RedeployedEmbeddingModel.Vector("model-a", entry.Prompt, 16), entry.Embedding);
        });
    }
}
