namespace GpoPipeline.Optimization.Candidates;

/// <summary>The prompt found in one optimizer reply, or why none was found.</summary>
public sealed record Extraction(string? Prompt, string? Rejection)
{
    public bool Succeeded => Prompt is not null;

    public static Extraction Found(string prompt) => new(prompt, null);

    public static Extraction Rejected(string reason) => new(null, reason);
}
