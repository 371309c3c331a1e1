namespace GpoPipeline.Trajectories;

/// <summary>
/// A memoized unit of scoring work (DESIGN §2): the task model's answer to one example under one prompt and
/// model configuration. <see cref="Key"/> is the SHA-256 of everything the answer depends on, so any run that
/// asks the same question again gets it from here, without a message or a model call.
/// </summary>
public sealed class ExampleResultRecord
{
    public string Key { get; set; } = "";
    public string Answer { get; set; } = "";
    public double Score { get; set; }
    public long Calls { get; set; }

    /// <summary>HTTP requests behind <see cref="Calls"/>, retries included.</summary>
    public long Attempts { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public double Cost { get; set; }
    public DateTime RecordedAt { get; set; }
}
