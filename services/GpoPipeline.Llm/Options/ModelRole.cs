namespace GpoPipeline.Llm;

/// <summary>The three ways the product uses a model; each is configured under <c>Llm:&lt;Role&gt;</c>.</summary>
public enum ModelRole
{
    /// <summary>Scores prompts on examples (spec §4: temperature 0).</summary>
    Task,

    /// <summary>Writes candidate prompts from the meta-prompt (spec §4: temperature 1.0, 512 tokens).</summary>
    Optimizer,

    /// <summary>Embeds prompts for relevance retrieval (spec §2.2); optional.</summary>
    Embedding,
}
