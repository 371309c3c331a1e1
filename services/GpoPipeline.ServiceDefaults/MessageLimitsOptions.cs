using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// Section <c>Limits</c>: how large the work in one message may be (issue 13 §3). The broker is the trust boundary,
/// so a worker refuses oversized work before it calls a model, naming the limit.
/// </summary>
public sealed class MessageLimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Longest prompt (candidate, trajectory entry) a worker accepts.</summary>
    [Range(1, 1_000_000)]
    public int MaxPromptChars { get; set; } = 20_000;

    /// <summary>Longest example input (or reference) a worker accepts.</summary>
    [Range(1, 10_000_000)]
    public int MaxExampleChars { get; set; } = Optimization.Datasets.ExampleLimits.DefaultMaxChars;

    /// <summary>Most examples (a batch, or the format examples) in one message.</summary>
    [Range(1, 100_000)]
    public int MaxExamples { get; set; } = 1_000;

    /// <summary>Most trajectory entries in one message.</summary>
    [Range(1, 100_000)]
    public int MaxTrajectoryEntries { get; set; } = 1_000;

    public void Prompt(string? prompt, string what)
    {
        if (prompt is null)
        {
            throw new RejectedMessageException($"{what} is missing.");
        }

        if (prompt.Length > MaxPromptChars)
        {
            throw new RejectedMessageException($"{what} has {prompt.Length} characters; the limit is {MaxPromptChars} ({Section}:{nameof(MaxPromptChars)}).");
        }
    }

    public static void Count(int count, int limit, string what, string setting)
    {
        if (count > limit)
        {
            throw new RejectedMessageException($"{what}: {count}; the limit is {limit} ({Section}:{setting}).");
        }
    }

    public void Example(string? text, string what)
    {
        if (text is null)
        {
            throw new RejectedMessageException($"{what} is missing.");
        }

        if (text.Length > MaxExampleChars)
        {
            throw new RejectedMessageException($"{what} has {text.Length} characters; the limit is {MaxExampleChars} ({Section}:{nameof(MaxExampleChars)}).");
        }
    }
}
