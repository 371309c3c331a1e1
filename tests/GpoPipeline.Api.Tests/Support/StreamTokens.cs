using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GpoPipeline.Api.Tests.Support;

public static class StreamTokens
{
    /// <summary>A stream token from POST /v1/stream-tokens, for the key <paramref name="keyClient"/> sends.</summary>
    public static async Task<string> IssueAsync(HttpClient keyClient)
    {
        ArgumentNullException.ThrowIfNull(keyClient);
        var response = await keyClient.PostAsync("/v1/stream-tokens", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}
