using System.Net.Http.Json;
using System.Text.Json;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>A run's champion decision, read from the task's history (a final record, written once).</summary>
public static class ChampionDecisions
{
    public static async Task<JsonElement> WaitForAsync(HttpClient admin, Guid runId, string task = "nav")
    {
        ArgumentNullException.ThrowIfNull(admin);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var history = await admin.GetFromJsonAsync<JsonElement>($"/v1/tasks/{task}/champions");
            foreach (var decision in history.GetProperty("decisions").EnumerateArray())
            {
                if (decision.TryGetProperty("runId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == runId)
                {
                    return decision;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No decision for run {runId} within 3 minutes; the run: {await admin.GetStringAsync($"/v1/runs/{runId}")}");
    }
}
