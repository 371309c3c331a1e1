using System.Net;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>An uploaded example is stored as sent, or refused naming its line and field: never a 500, never a changed answer.</summary>
public sealed class DatasetTextFidelity_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new(new Dictionary<string, string?> { ["ControlPlane:MaxExamples"] = "300" });

    private HttpClient Admin => api.Admin();

    private ControlPlaneStore Store => api.Services.GetRequiredService<ControlPlaneStore>();

    public async Task InitializeAsync() =>
        await Admin.CreateTaskAsync("nav");

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Theory]
    [InlineData("/v1/tasks/nav/dataset", "{\"input\": \"q \\ud800 x\", \"target\": \"Yes\"}", "dataset, line 3: field \"input\" holds an unpaired surrogate (\\ud800)")]
    [InlineData("/v1/tasks/nav/examples", "{\"input\": \"q\", \"target\": [\"Yes\", \"\\udc00\"]}", "examples, line 3: field \"target\" item 2 holds an unpaired surrogate (\\udc00)")]
    public async Task When_a_line_holds_an_unpaired_surrogate_escape_Should_get_422_naming_the_line_and_field_not_a_500(string path, string line, string expected)
    {
        var lines = Jsonl.NavigateLines.Take(30).ToList();
        lines[2] = line;

        var response = path.EndsWith("dataset", StringComparison.Ordinal) ? await Admin.PutAsync(path, Jsonl.Body(lines)) : await Admin.PostAsync(path, Jsonl.Body(lines));

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith(expected + ", which is not text; expected valid Unicode", detail, StringComparison.Ordinal);
        Assert.Null(await Store.GetDatasetVersionAsync("nav", 1));
        lock (api.Logs)
        {
            Assert.DoesNotContain(api.Logs, l => l.Contains("InvalidOperationException", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task When_a_number_target_does_not_fit_a_double_Should_store_it_as_written()
    {
        // They were stored as "Infinity", "0" and "1.2345678901234567E+19": gold answers the user never gave.
        string[] numbers = ["1e400", "1e-400", "12345678901234567890", "42"];
        var lines = Jsonl.NavigateLines.Take(30).ToList();
        lines.AddRange(numbers.Select((n, i) => $"{{\"input\": \"How many, case {i}?\", \"target\": {n}}}"));

        var response = await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(lines));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var stored = (await Store.GetDatasetVersionAsync("nav", 1))!.Examples.Where(e => e.Input.StartsWith("How many, case", StringComparison.Ordinal));
        Assert.Equal(numbers, stored.OrderBy(e => e.Input, StringComparer.Ordinal).Select(e => Assert.Single(e.References)));
    }
}
