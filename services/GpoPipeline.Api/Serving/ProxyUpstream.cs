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
            var url = options.Value.ProxyBaseUrl ?? configuration["Llm:Task:BaseUrl"] ?? configuration[LlmSections.BaseUrlVariable];
            return Uri.TryCreate(url?.EndsWith('/') == true ? url : url + "/", UriKind.Absolute, out var parsed) ? parsed : null;
        }
    }

    public string? Model => options.Value.ProxyModel ?? configuration["Llm:Task:Model"];

    public string? ApiKey => options.Value.ProxyApiKey ?? configuration["Llm:Task:ApiKey"] ?? configuration[LlmSections.ApiKeyVariable];
}
