namespace GpoPipeline.Api;

/// <summary>
/// Names this assembly for <c>WebApplicationFactory&lt;ApiEntryPoint&gt;</c>: the top-level Program of every worker
/// this project references is also called Program, so the specs cannot name ours.
/// </summary>
public sealed class ApiEntryPoint;
