using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>Plain HttpClient calls against the simulator (the product's OpenAI client is tested elsewhere).</summary>
public sealed class SimClient(SimulatedLlmServer sim, string? apiKey = null) : IDisposable
{
    private readonly HttpClient http = CreateHttp(sim, apiKey);

    public HttpClient Http => http;

    public Task<HttpResponseMessage> PostAsync(string path, object body) =>
        http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"));

    public async Task<JsonNode> PostJsonAsync(string path, object body)
    {
        using var response = await PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Contents of all choices of a chat completion.</summary>
    public async Task<IReadOnlyList<string>> ChatAsync(object body)
    {
        var json = await PostJsonAsync("chat/completions", body);
        return [.. json["choices"]!.AsArray().Select(c => c!["message"]!["content"]!.GetValue<string>())];
    }

    public void Dispose() => http.Dispose();

    private static HttpClient CreateHttp(SimulatedLlmServer sim, string? apiKey)
    {
        var client = new HttpClient { BaseAddress = sim.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        return client;
    }
}
