using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// A minimal OpenAI-compatible upstream on 127.0.0.1 that records what the proxy sent and answers plainly or as an
/// SSE stream of three chunks (the simulated LLM does not stream). A test instrument.
/// </summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    private FakeUpstream upstream = null!;

    private RecordingUpstream()
    {
    }

    public Uri BaseUrl => upstream.BaseUrl;

    public List<JsonObject> Requests { get; } = [];

    public List<string?> Authorizations { get; } = [];

    public static async Task<RecordingUpstream> StartAsync()
    {
        var self = new RecordingUpstream();
        self.upstream = await FakeUpstream.StartAsync(self.AnswerAsync);
        return self;
    }

    public async ValueTask DisposeAsync() => await upstream.DisposeAsync();

    private async Task AnswerAsync(HttpContext http)
    {
        var body = (JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync()) as JsonObject)!;
        lock (Requests)
        {
            Requests.Add(body);
            Authorizations.Add(http.Request.Headers.Authorization.ToString());
        }

        if (body["stream"]?.GetValue<bool>() == true)
        {
            http.Response.ContentType = "text/event-stream";
            foreach (var piece in new[] { "Yes", ", it", " is." })
            {
                await http.Response.WriteAsync($"data: {{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{piece}\"}},\"finish_reason\":null}}]}}\n\n");
                await http.Response.Body.FlushAsync();
            }

            await http.Response.WriteAsync("data: [DONE]\n\n");
            return;
        }

        await http.Response.WriteAsJsonAsync(new
        {
            id = "c1", @object = "chat.completion", created = 1, model = "up",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = "Yes, it is." }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 5, completion_tokens = 4, total_tokens = 9 },
        });
    }
}
