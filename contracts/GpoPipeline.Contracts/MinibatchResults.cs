namespace GpoPipeline.Contracts;

/// <summary>A beam prompt and its answers on the step's training minibatch, in the order the minibatch was drawn.</summary>
public sealed record MinibatchResults
{
    public required string Prompt { get; init; }

    public required IReadOnlyList<MinibatchAnswer> Answers { get; init; }
}
