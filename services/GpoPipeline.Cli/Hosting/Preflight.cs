using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Datasets;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Cli.Hosting;

/// <summary>Checks made before anything is started or spent, so bad input is one clear line (exit 2).</summary>
public static class Preflight
{
    private static readonly TimeSpan EndpointTimeout = TimeSpan.FromSeconds(10);

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

    /// <summary>
    /// A cost limit needs prices: with none configured every call costs $0 and the run would spend without ever
    /// reaching the limit (the CLI audit: `--max-cost 0.0001` completed 190 calls, exit 0).
    /// </summary>
    /// <param name="pricesRecorded">The run resumes with the prices it recorded: the environment cannot add any.</param>
    public static void CheckCostLimit(double? maxCost, RunModels models, bool pricesRecorded = false)
    {
        ArgumentNullException.ThrowIfNull(models);
        CheckPrices(models);
        var priced = new[] { models.Task, models.Optimizer, models.Embedding }.OfType<RunModel>()
            .Any(m => m.InputPricePerMillion > 0 || m.OutputPricePerMillion > 0);
        if (maxCost is not null && !priced && pricesRecorded)
        {
            throw new UserInputException(
                "--max-cost needs the models' prices, or every call costs $0 and the limit is never reached: this run recorded its models " +
                "without prices (a resume uses exactly them), so limit it with --max-calls / --max-tokens instead.");
        }

        if (maxCost is not null && !priced)
        {
            throw new UserInputException(
                "--max-cost needs the models' prices, or every call costs $0 and the limit is never reached: set Llm__Task__InputPricePerMillion and " +
                "Llm__Task__OutputPricePerMillion (and Llm__Optimizer__…), or limit the run with --max-calls / --max-tokens instead.");
        }
    }

    /// <summary>
    /// Each price setting is a number from 0 to <see cref="ModelEndpointOptions.MaxPricePerMillion"/>, as the services
    /// take it: NaN or -5 passed as "no prices" (`--max-cost needs the models' prices … set Llm__Task__InputPricePerMillion`
    /// although it was set), and a distributed run carried NaN to the workers.
    /// </summary>
    public static void CheckPrices(RunModels models)
    {
        ArgumentNullException.ThrowIfNull(models);
        foreach (var (role, model) in new[] { ("Task", models.Task), ("Optimizer", models.Optimizer), ("Embedding", models.Embedding) })
        {
            if (model is null)
            {
                continue;
            }

            foreach (var (setting, price) in new[] { ("InputPricePerMillion", model.InputPricePerMillion), ("OutputPricePerMillion", model.OutputPricePerMillion) })
            {
                if (!(price >= 0 && price <= ModelEndpointOptions.MaxPricePerMillion))
                {
                    throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
                        $"Llm__{role}__{setting} {price}: expected a price per million tokens from 0 to {ModelEndpointOptions.MaxPricePerMillion}."));
                }
            }
        }
    }

    /// <summary>
    /// Each endpoint must answer and know the run's models before a run record exists (issue 18): GET models where
    /// the endpoint offers it, otherwise one chat call of at most 1 output token per model.
    /// </summary>
    public static async Task CheckModelsAsync(RunModels models, Func<string, string?> apiKeyOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(apiKeyOf);
        // Embedding models cannot be probed with a chat call; they are checked only where a model list is offered.
        var chatModels = new[] { models.Task.Model, models.Optimizer.Model };
        foreach (var (baseUrl, names) in RunModelsConfiguration.Endpoints(models))
        {
            await CheckEndpointAsync(baseUrl, apiKeyOf(baseUrl), names, [.. names.Intersect(chatModels, StringComparer.Ordinal)], cancellationToken);
        }
    }

    public static async Task CheckEndpointAsync(
        string baseUrl, string? apiKey, IReadOnlyList<string> modelNames, IReadOnlyList<string> chatModelNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modelNames);
        using var http = new HttpClient { Timeout = EndpointTimeout };
        var root = new Uri(baseUrl.TrimEnd('/') + "/");
        var lacksV1 = !root.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.OrdinalIgnoreCase);
        var hint = lacksV1 ? $" The URL may lack /v1: try --base-url {new Uri(root, "v1/")}." : string.Empty;
        using var response = await SendAsync(http, Request(HttpMethod.Get, new Uri(root, "models"), apiKey, null), baseUrl, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new UserInputException($"The model endpoint {baseUrl} refused the API key (HTTP {(int)response.StatusCode}); check OPENAI_API_KEY (or Llm__<Role>__ApiKey).");
        }

        if (response.IsSuccessStatusCode)
        {
            var listed = ListedModels(body)
                ?? throw new UserInputException($"The model endpoint {baseUrl} does not answer like an OpenAI-compatible API (GET models gave no model list).{hint}");
            var missing = modelNames.Where(m => !listed.Contains(m)).ToList();
            if (missing.Count > 0)
            {
                throw new UserInputException(
                    $"The model endpoint {baseUrl} does not offer {string.Join(", ", missing.Select(m => $"'{m}'"))}; it lists {Sample(listed)}. Check --task-model / --optimizer-model / --embedding-model.");
            }

            return;
        }

        if (lacksV1 && response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new UserInputException($"The model endpoint {baseUrl} answered HTTP 404 for GET models.{hint}");
        }

        // No model list offered (some servers): one cheap probe per model.
        foreach (var model in chatModelNames)
        {
            await ProbeAsync(http, root, apiKey, model, baseUrl, hint, cancellationToken);
        }
    }

    private static async Task ProbeAsync(HttpClient http, Uri root, string? apiKey, string model, string baseUrl, string hint, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new { model, max_tokens = 1, messages = new[] { new { role = "user", content = "Say OK." } } });
        using var response = await SendAsync(http, Request(HttpMethod.Post, new Uri(root, "chat/completions"), apiKey, payload), baseUrl, cancellationToken);
        if (response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            return; // known model (a busy or failing server is the run's retries' business)
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new UserInputException($"The model endpoint {baseUrl} refused model '{model}' (HTTP {(int)response.StatusCode}: {Trim(body)}).{hint}");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string baseUrl, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var why = ex is TaskCanceledException ? $"no answer within {EndpointTimeout.TotalSeconds:0} s" : ex.Message;
                throw new UserInputException($"The model endpoint {baseUrl} cannot be reached ({why}); check --base-url / OPENAI_BASE_URL.", ex);
            }
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri uri, string? apiKey, string? json)
    {
        var request = new HttpRequestMessage(method, uri);
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static HashSet<string>? ListedModels(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return [.. data.EnumerateArray()
                .Select(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var id) ? id.GetString() : null)
                .OfType<string>()];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Sample(HashSet<string> listed) => listed.Count == 0
        ? "no models"
        : string.Join(", ", listed.Order(StringComparer.Ordinal).Take(8)) + (listed.Count > 8 ? $" and {listed.Count - 8} more" : string.Empty);

    private static string Trim(string body)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length <= 160 ? text : text[..160] + "…";
    }
}
