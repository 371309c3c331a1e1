namespace GpoPipeline.Llm;

/// <summary>A task-model answer and what it cost (zero when it came from the cache).</summary>
public sealed record ModelReply(string Text, CallUsage Usage);
