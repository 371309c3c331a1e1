namespace GpoPipeline.Llm;

/// <summary>How one attempt ended, as the adaptive window sees it.</summary>
internal enum AttemptOutcome
{
    /// <summary>Ended without a verdict on load (cancelled, client error, transport glitch): the window stays.</summary>
    Neutral,

    /// <summary>A response came back: the window may grow.</summary>
    Succeeded,

    /// <summary>429 or 503: the provider is over its quota or capacity, the window shrinks.</summary>
    Overloaded,
}
