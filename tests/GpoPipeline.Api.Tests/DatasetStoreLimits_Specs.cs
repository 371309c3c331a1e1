using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A dataset version is one document in the store, which refuses documents over about 16 MB: appends that grew it past
/// that, or one target list of millions of items, answered 500 (and every later append too) instead of a refusal naming
/// the limit. ControlPlane:MaxDatasetBytes is lowered here so the bodies stay small.
/// </summary>
public sealed class DatasetStoreLimits_Specs
{
    private const int MaxDatasetBytes = 300_000;

    [Fact]
    public async Task When_appends_would_grow_the_dataset_past_MaxDatasetBytes_Should_answer_422_naming_the_limit_and_keep_taking_smaller_appends()
    {
        await using var api = new ApiFactory(new Dictionary<string, string?> { ["ControlPlane:MaxDatasetBytes"] = MaxDatasetBytes.ToString() });
        var admin = api.Admin();
        await admin.CreateTaskAsync("big");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks/big/examples", Jsonl.Body(LongLines(file: 0)))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks/big/examples", Jsonl.Body(LongLines(file: 1)))).StatusCode);

        var third = await admin.PostAsync("/v1/tasks/big/examples", Jsonl.Body(LongLines(file: 2)));

        var detail = await Problems.AssertProblemAsync(third, HttpStatusCode.UnprocessableEntity); // was 500: the store refused the document
        Assert.Contains("the 100 new examples sent added to the 200 the task holds", detail, StringComparison.Ordinal);
        Assert.Contains("the limit is 0.3 MB (300,000 bytes) (ControlPlane:MaxDatasetBytes)", detail, StringComparison.Ordinal);
        Assert.Contains("The task's data is unchanged", detail, StringComparison.Ordinal);
        var task = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/big");
        Assert.Equal((2, 200), (task.GetProperty("datasetVersion").GetInt32(), task.GetProperty("exampleCount").GetInt32()));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks/big/examples", Jsonl.Body(Jsonl.NavigateLines.Take(30)))).StatusCode);
    }

    [Fact]
    public async Task When_a_replacing_upload_is_over_MaxDatasetBytes_Should_answer_422_and_keep_the_data_in_force()
    {
        await using var api = new ApiFactory(new Dictionary<string, string?> { ["ControlPlane:MaxDatasetBytes"] = MaxDatasetBytes.ToString() });
        var admin = api.Admin();
        await admin.CreateTaskAsync("big", navigateExamples: 30);

        var replaced = await admin.PutAsync("/v1/tasks/big/dataset", Jsonl.Body([.. LongLines(file: 0), .. LongLines(file: 1), .. LongLines(file: 2)]));

        var detail = await Problems.AssertProblemAsync(replaced, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("(the 300 examples sent)", detail, StringComparison.Ordinal);
        var dataset = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/big/datasets/1");
        Assert.Equal(30, dataset.GetProperty("exampleCount").GetInt32());
    }

    [Fact]
    public async Task When_one_target_lists_millions_of_gold_answers_Should_answer_422_naming_its_line_and_the_most_an_example_takes()
    {
        // 7.6 MB, under the default MaxBodyBytes of 8 MB; stored, each one-letter item took about four times its JSON.
        await using var api = new ApiFactory();
        var admin = api.Admin();
        await admin.CreateTaskAsync("refs");
        var items = new StringBuilder("{\"input\":\"q\",\"target\":[\"a\"", 8_000_000);
        for (var i = 1; i < 1_900_000; i++)
        {
            items.Append(",\"a\"");
        }

        var body = Jsonl.Body([.. Jsonl.NavigateLines.Take(30), items.Append("]}").ToString()]);

        var answer = await admin.PutAsync("/v1/tasks/refs/dataset", body);

        var detail = await Problems.AssertProblemAsync(answer, HttpStatusCode.UnprocessableEntity); // was 500
        Assert.Equal(
            $"dataset, line 31: field \"target\" is a list of 1,900,000 items; an example takes at most {ExampleLimits.MaxReferences:N0} gold answers.", detail);
    }

    [Fact]
    public async Task When_the_store_fails_to_write_a_dataset_version_Should_answer_503_saying_what_to_do_and_take_the_upload_sent_again()
    {
        var failures = 1;
        await using var api = new ApiFactory(services: s => s.Replace(ServiceDescriptor.Singleton<IControlPlaneDatabase>(provider =>
            new InterceptedDocuments<DatasetVersionRecord>(ControlPlaneDatabaseFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value))
            {
                // What LiteDB throws for a document over its limit (MongoDB's driver throws its own): a 500 before.
                BeforeInsert = () => failures-- > 0 ? throw new LiteDB.LiteException(0, "Document size exceed 16683050 limit") : Task.CompletedTask,
            })));
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav");

        var failed = await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(30)));

        var detail = await Problems.AssertProblemAsync(failed, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("The store failed to write the dataset of task 'nav' (30 examples sent)", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("LiteException", detail, StringComparison.Ordinal);
        Assert.Contains(api.Logs, line => line.Contains("Document size exceed 16683050 limit", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(30)))).StatusCode);
    }

    /// <summary>100 examples of about a thousand characters, distinct per file: about 0.1 MB stored.</summary>
    private static IEnumerable<string> LongLines(int file) =>
        Enumerable.Range(0, 100).Select(i => JsonSerializer.Serialize(new { input = $"file{file} q{i} " + new string('x', 1_000), target = "a" }));
}
