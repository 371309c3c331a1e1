using System.Globalization;
using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using Microsoft.Extensions.Configuration;

namespace GpoPipeline.Cli;

/// <summary>
/// Between the Llm:* settings a run starts with and the <see cref="RunModels"/> stored with it, so `gpo resume`
/// calls exactly the endpoints and models the run started with (issue 18: a resume once went to api.openai.com).
/// </summary>
public static class RunModelsConfiguration
{
    /// <summary>What the workers will use: environment variables overlaid with <paramref name="settings"/>, as EmbeddedPipeline layers them.</summary>
    public static RunModels Read(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
        var task = configuration.GetSection(LlmSections.Task).Get<TaskModelOptions>() ?? new TaskModelOptions();
        var optimizer = configuration.GetSection(LlmSections.Optimizer).Get<OptimizerModelOptions>() ?? new OptimizerModelOptions();
        var embedding = configuration.GetSection(LlmSections.Embedding).Get<EmbeddingModelOptions>() ?? new EmbeddingModelOptions();
        return new RunModels
        {
            Task = Of(task),
            Optimizer = Of(optimizer),
            Embedding = embedding.IsConfigured ? Of(embedding) : null,
        };
    }

    /// <summary>The Llm:* settings that reproduce <paramref name="models"/>; they override the environment.</summary>
    public static Dictionary<string, string?> ToSettings(RunModels models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var settings = new Dictionary<string, string?>();
        Add(settings, LlmSections.Task, models.Task);
        Add(settings, LlmSections.Optimizer, models.Optimizer);
        if (models.Embedding is { } embedding)
        {
            Add(settings, LlmSections.Embedding, embedding);
        }
        else
        {
            // Unset in the environment too: a run without embeddings resumes without them (same retrieval).
            settings[$"{LlmSections.Embedding}:Model"] = string.Empty;
        }

        return settings;
    }

    /// <summary>Each distinct endpoint with the model names the run calls there.</summary>
    public static IEnumerable<(string BaseUrl, IReadOnlyList<string> Models)> Endpoints(RunModels models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return new[] { models.Task, models.Optimizer, models.Embedding }.OfType<RunModel>()
            .GroupBy(m => m.BaseUrl, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(m => m.Model).Distinct(StringComparer.Ordinal)]));
    }

    private static RunModel Of(ModelEndpointOptions options) => new()
    {
        BaseUrl = options.BaseUrl,
        Model = options.Model ?? string.Empty,
        Temperature = options.Temperature,
        MaxOutputTokens = options.MaxOutputTokens,
        InputPricePerMillion = options.InputPricePerMillion,
        OutputPricePerMillion = options.OutputPricePerMillion,
    };

    private static void Add(Dictionary<string, string?> settings, string section, RunModel model)
    {
        settings[$"{section}:BaseUrl"] = model.BaseUrl;
        settings[$"{section}:Model"] = model.Model;
        settings[$"{section}:InputPricePerMillion"] = model.InputPricePerMillion.ToString(CultureInfo.InvariantCulture);
        settings[$"{section}:OutputPricePerMillion"] = model.OutputPricePerMillion.ToString(CultureInfo.InvariantCulture);
        if (model.Temperature is { } temperature)
        {
            settings[$"{section}:Temperature"] = temperature.ToString(CultureInfo.InvariantCulture);
        }

        if (model.MaxOutputTokens is { } maxOutputTokens)
        {
            settings[$"{section}:MaxOutputTokens"] = maxOutputTokens.ToString(CultureInfo.InvariantCulture);
        }
    }
}
