namespace GpoPipeline.Optimization.Strategies;

/// <summary>One completion of an <see cref="OptimizerRequest"/>; null or empty text is allowed and yields nothing.</summary>
public sealed record OptimizerReply(OptimizerRequest Request, string? Text);
