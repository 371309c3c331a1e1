using GpoPipeline.Contracts;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The checks the workers share for the parts of a message they read (DESIGN §2: the broker is the trust boundary):
/// each refuses with a <see cref="RejectedMessageException"/> naming the field, before any model call, so a forged
/// message is dead-lettered and changes nothing instead of throwing deep inside the work after a paid call.
/// </summary>
public static class WorkChecks
{
    public static void Defined<TEnum>(TEnum value, string what)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new RejectedMessageException($"{what} {value} is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }

    public static void Present(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RejectedMessageException($"{what} is missing.");
        }
    }

    /// <summary>Every point present, its prompt within Limits:MaxPromptChars and its dev score a fraction (0 ≤ score ≤ 1).</summary>
    public static void Points(IEnumerable<TrajectoryPoint?> points, MessageLimitsOptions limits, string what)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var point in points)
        {
            if (point is null)
            {
                throw new RejectedMessageException($"{what}: an entry is missing.");
            }

            limits.Prompt(point.Prompt, $"{what}: the prompt of step {point.Step}");
            Score(point.DevScore, $"{what}: the dev score of step {point.Step}");
        }
    }

    public static void Score(double score, string what)
    {
        if (!double.IsFinite(score) || score is < 0 or > 1)
        {
            throw new RejectedMessageException($"{what} must be a finite fraction between 0 and 1.");
        }
    }

    /// <summary>Every example present, its input and each of its 1+ references within Limits:MaxExampleChars.</summary>
    public static void Examples(IEnumerable<ExampleData?> examples, MessageLimitsOptions limits, string what)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var example in examples)
        {
            if (example is null)
            {
                throw new RejectedMessageException($"{what}: an example is missing.");
            }

            limits.Example(example.Input, $"{what}: example {example.Index}");
            if (example.References is not { Count: > 0 } references)
            {
                throw new RejectedMessageException($"{what}: example {example.Index} needs 1+ References.");
            }

            foreach (var reference in references)
            {
                limits.Example(reference, $"{what}: a reference of example {example.Index}");
            }
        }
    }

    /// <summary>
    /// Stored embeddings, where present, are non-empty vectors of finite numbers. Their lengths may differ, even within
    /// one model's name: a vector's identity is its model and its length (an endpoint serving its model with another
    /// output dimension under the same name is another vector space), and retrieval ranks with one identity's only.
    /// </summary>
    public static void Embeddings(IEnumerable<float[]?> embeddings, string what)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Any(vector => vector is not null && (vector.Length == 0 || !vector.All(float.IsFinite))))
        {
            throw new RejectedMessageException($"{what}: every embedding must be a non-empty vector of finite numbers.");
        }
    }
}
