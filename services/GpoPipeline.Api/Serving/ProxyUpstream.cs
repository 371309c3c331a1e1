using GpoPipeline.Llm;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Serving;

/// <summary>
/// Where the chat proxy forwards: ControlPlane:Proxy* settings, else the task model's (Llm:Task:*, with the
/// OPENAI_BASE_URL and OPENAI_API_KEY fallbacks the model clients have).
/// </summary>
public sealed class ProxyUpstream(IOptions<ControlPlaneOptions> options, IConfiguration configuration)
{
    public Uri? BaseUrl
    {
        get
        {
            var url = Set(options.Value.ProxyBaseUrl) ?? Set(configuration["Llm:Task:BaseUrl"]) ?? Set(configuration[LlmSections.BaseUrlVariable]);
            return Uri.TryCreate(url?.EndsWith('/') == true ? url : url + "/", UriKind.Absolute, out var parsed) ? parsed : null;
        }
    }

    public string? Model => Set(options.Value.ProxyModel) ?? Set(configuration["Llm:Task:Model"]);

    public string? ApiKey => Set(options.Value.ProxyApiKey) ?? Set(configuration["Llm:Task:ApiKey"]) ?? Set(configuration[LlmSections.ApiKeyVariable]);

    /// <summary>An empty setting is no setting, as the model clients read theirs (an empty variable left in a compose file).</summary>
    private static string? Set(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
