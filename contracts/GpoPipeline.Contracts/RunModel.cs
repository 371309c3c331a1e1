namespace GpoPipeline.Contracts;

/// <summary>
/// One model role as a run was started with it: where, which model, how it samples and what it costs.
/// Never the API key: keys come from the environment of whoever resumes the run.
/// </summary>
public sealed record RunModel
{
    /// <summary>The OpenAI-compatible base URL the run called (e.g. http://localhost:8000/v1/).</summary>
    public required string BaseUrl { get; init; }

    public required string Model { get; init; }

    public double? Temperature { get; init; }

    public int? MaxOutputTokens { get; init; }

    public double InputPricePerMillion { get; init; }

    public double OutputPricePerMillion { get; init; }
}
