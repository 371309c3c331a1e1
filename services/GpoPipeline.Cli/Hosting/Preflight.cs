using System.Net.Http.Headers;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.Cli.Hosting;

/// <summary>Checks made before anything is started or spent, so bad input is one clear line (exit 2).</summary>
public static class Preflight
{
    /// <summary>Validates the settings and the dataset exactly as the scheduler will; returns its plan.</summary>
    public static Task<RunPlan> CheckDatasetAsync(RunSettings settings)
    {
        try
        {
            return Task.FromResult(new RunPlanner(new DatasetCatalog()).Plan(settings));
        }
        catch (RunConfigurationException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }
    }

    /// <summary>An endpoint that does not answer at all is an input error, not a run that retries for minutes.</summary>
    public static async Task CheckEndpointAsync(string baseUrl, string? apiKey, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(baseUrl.TrimEnd('/') + "/"), "models"));
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new UserInputException($"The model endpoint {baseUrl} cannot be reached ({ex.Message}); check --base-url / OPENAI_BASE_URL.", ex);
        }
    }
}
