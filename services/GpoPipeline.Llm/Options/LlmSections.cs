namespace GpoPipeline.Llm;

/// <summary>Configuration section names of the model roles.</summary>
public static class LlmSections
{
    public const string Root = "Llm";
    public const string Task = "Llm:Task";
    public const string Optimizer = "Llm:Optimizer";
    public const string Embedding = "Llm:Embedding";

    /// <summary>Fallback for every role's ApiKey, as the OpenAI SDKs do.</summary>
    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>Fallback for every role's BaseUrl not set in its section, as the OpenAI SDKs do.</summary>
    public const string BaseUrlVariable = "OPENAI_BASE_URL";

    public static string For(ModelRole role) => role switch
    {
        ModelRole.Task => Task,
        ModelRole.Optimizer => Optimizer,
        _ => Embedding,
    };
}
