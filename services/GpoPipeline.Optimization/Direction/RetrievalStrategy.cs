namespace GpoPipeline.Optimization.Direction;

/// <summary>How the trajectory part of the update direction is chosen (spec §2.1).</summary>
public enum RetrievalStrategy
{
    /// <summary>The k−1 earlier prompts most similar to the current one (GPO's choice, spec §2.2).</summary>
    Relevance,

    /// <summary>The k most recent entries, newest first (spec §2.3 [C]).</summary>
    Recency,

    /// <summary>The k highest-scoring entries; the current prompt may fall out (spec §2.3 [C]).</summary>
    Importance,

    /// <summary>No trajectory: only the current prompt and its score (APE-like template, spec §2.4).</summary>
    None,
}
