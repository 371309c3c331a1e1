using System.CommandLine;

namespace GpoPipeline.Cli;

/// <summary>Where the models are (`optimize`, `estimate`); anything unset falls back to Llm:* configuration.</summary>
public sealed class ModelOptions
{
    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "OpenAI-compatible endpoint for all roles (default: OPENAI_BASE_URL or https://api.openai.com/v1/)." };
    public Option<string?> TaskModel { get; } = new("--task-model") { Description = "Model that answers the task (scores prompts)." };
    public Option<string?> OptimizerModel { get; } = new("--optimizer-model") { Description = "Model that writes candidate prompts." };
    public Option<string?> EmbeddingModel { get; } = new("--embedding-model") { Description = "Embedding model for relevance retrieval (default: lexical similarity)." };

    public IEnumerable<Option> All => [BaseUrl, TaskModel, OptimizerModel, EmbeddingModel];

    /// <summary>Llm:* settings for a real endpoint. The key comes from OPENAI_API_KEY or Llm:&lt;role&gt;:ApiKey.</summary>
    public Dictionary<string, string?> ToSettings(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var baseUrl = parse.GetValue(BaseUrl) ?? Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        var task = parse.GetValue(TaskModel) ?? Environment.GetEnvironmentVariable("Llm__Task__Model");
        var optimizer = parse.GetValue(OptimizerModel) ?? Environment.GetEnvironmentVariable("Llm__Optimizer__Model");
        if (string.IsNullOrWhiteSpace(task) || string.IsNullOrWhiteSpace(optimizer))
        {
            throw new UserInputException("Name the models: --task-model and --optimizer-model (or Llm__Task__Model / Llm__Optimizer__Model).");
        }

        var hasKey = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("Llm__Task__ApiKey"));
        if (!hasKey)
        {
            throw new UserInputException("No API key: set OPENAI_API_KEY (or Llm__Task__ApiKey and Llm__Optimizer__ApiKey). For a keyless try, run `gpo demo`.");
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
}
