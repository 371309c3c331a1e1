using System.Net.Http.Headers;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Optimization.Datasets;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Cli.Hosting;

/// <summary>Checks made before anything is started or spent, so bad input is one clear line (exit 2).</summary>
public static class Preflight
{
    /// <summary>Validates the settings and the dataset exactly as the scheduler will; returns its plan.</summary>
    public static Task<RunPlan> CheckDatasetAsync(RunSettings settings) => Task.FromResult(Check(settings).Plan);

    /// <summary>
    /// Reads and validates the dataset once, on this machine, and builds the StartRun that carries it (the workers and
    /// the scheduler never need the path); the plan is what the scheduler will make of it.
    /// </summary>
    public static (StartRun Start, RunPlan Plan) Check(RunSettings settings)
    {
        try
        {
            var start = RunSubmission.Create(settings);
            return (start, new RunPlanner(new DatasetCatalog(), Options.Create(new SchedulerOptions())).Plan(start));
        }
        catch (DatasetException ex)
        {
            throw new UserInputException($"Dataset '{settings.DataPath}' cannot be used: {ex.Message}", ex);
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
