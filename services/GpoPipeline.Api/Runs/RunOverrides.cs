namespace GpoPipeline.Api.Runs;

/// <summary>POST /v1/tasks/{task}/runs: optional changes to the task's settings for this one run.</summary>
public sealed record RunOverrides(int? Steps = null, int? Candidates = null, double? MaxCost = null, long? MaxCalls = null, long? MaxTokens = null);
