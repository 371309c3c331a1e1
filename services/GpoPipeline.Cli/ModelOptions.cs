using System.CommandLine;

namespace GpoPipeline.Cli;

/// <summary>Where the models are (`optimize`, `estimate`); anything unset falls back to Llm:* configuration.</summary>
public sealed class ModelOptions
{
    public Option<string?> BaseUrl { get; } = new Option<string?>("--base-url") { Description = "OpenAI-compatible endpoint for all roles (default: OPENAI_BASE_URL or https://api.openai.com/v1/)." }
        .NotBlank("an http(s) URL such as http://localhost:8000/v1/");
    public Option<string?> TaskModel { get; } = new Option<string?>("--task-model") { Description = "Model that answers the task (scores prompts)." }
        .NotBlank("a model name");
    public Option<string?> OptimizerModel { get; } = new Option<string?>("--optimizer-model") { Description = "Model that writes candidate prompts." }
        .NotBlank("a model name");
    public Option<string?> EmbeddingModel { get; } = new Option<string?>("--embedding-model") { Description = "Embedding model for relevance retrieval (default: lexical similarity)." }
        .NotBlank("a model name");

    public IEnumerable<Option> All => [BaseUrl, TaskModel, OptimizerModel, EmbeddingModel];

    /// <summary>
    /// Llm:* settings for a real endpoint. The key comes from OPENAI_API_KEY or Llm:&lt;role&gt;:ApiKey; a run
    /// submitted to a deployment (<paramref name="requireKey"/> false) is paid with the workers' keys, not a local one.
    /// </summary>
    public Dictionary<string, string?> ToSettings(ParseResult parse, bool requireKey = true)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var baseUrl = parse.GetValue(BaseUrl) is { } given ? CheckedUrl(given, "--base-url") : Environment.GetEnvironmentVariable("OPENAI_BASE_URL") is { Length: > 0 } fromEnvironment ? CheckedUrl(fromEnvironment, "OPENAI_BASE_URL") : null;
        var task = parse.GetValue(TaskModel) ?? Environment.GetEnvironmentVariable("Llm__Task__Model");
        var optimizer = parse.GetValue(OptimizerModel) ?? Environment.GetEnvironmentVariable("Llm__Optimizer__Model");
        if (string.IsNullOrWhiteSpace(task) || string.IsNullOrWhiteSpace(optimizer))
        {
            throw new UserInputException("Name the models: --task-model and --optimizer-model (or Llm__Task__Model / Llm__Optimizer__Model).");
        }

        var hasKey = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("Llm__Task__ApiKey"));
        if (requireKey && !hasKey)
        {
            throw NoKey();
        }

        var settings = new Dictionary<string, string?> { ["Llm:Task:Model"] = task, ["Llm:Optimizer:Model"] = optimizer };
        if (parse.GetValue(EmbeddingModel) is { } embedding)
        {
            settings["Llm:Embedding:Model"] = embedding;
        }

        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            foreach (var role in new[] { "Task", "Optimizer", "Embedding" })
            {
                settings[$"Llm:{role}:BaseUrl"] = baseUrl;
            }
        }

        return settings;
    }

    /// <summary>Whether any model option was given (a resume of a run that recorded its models refuses them).</summary>
    public bool AnyGiven(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return All.Any(option => parse.GetResult(option) is { Implicit: false });
    }

    /// <summary>The key for calls to <paramref name="baseUrl"/>: a role's own key when that role uses the URL, else OPENAI_API_KEY.</summary>
    public static string? ApiKeyFor(Contracts.RunModels models, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(models);
        var role = models.Task.BaseUrl == baseUrl ? "Task" : models.Optimizer.BaseUrl == baseUrl ? "Optimizer" : "Embedding";
        return Environment.GetEnvironmentVariable($"Llm__{role}__ApiKey") is { Length: > 0 } own ? own : Environment.GetEnvironmentVariable("OPENAI_API_KEY");
    }

    public static UserInputException NoKey() =>
        new("No API key: set OPENAI_API_KEY (or Llm__Task__ApiKey and Llm__Optimizer__ApiKey). For a keyless try, run `gpo demo`.");

    /// <summary>An absolute http(s) URL, written the way the run records it (lower-case scheme and host, trailing slash).</summary>
    public static string CheckedUrl(string value, string source)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            throw new UserInputException($"{source} {value}: not an http(s) URL; expected e.g. http://localhost:8000/v1/ or https://api.openai.com/v1/.");
        }

        var text = uri.GetLeftPart(UriPartial.Path);
        return text.EndsWith('/') ? text : text + "/";
    }
}
