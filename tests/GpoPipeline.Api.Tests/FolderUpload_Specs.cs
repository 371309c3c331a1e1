using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Testing;

namespace GpoPipeline.Api.Tests;

/// <summary>PUT /v1/tasks/{task}/dataset with a task folder as multipart/form-data (data/README.md layout), besides JSONL.</summary>
public sealed class FolderUpload_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new(new Dictionary<string, string?>
    {
        ["ControlPlane:MaxBodyBytes"] = "131072", ["ControlPlane:MaxExamples"] = "300",
    });

    private HttpClient Admin => api.Admin();

    public async Task InitializeAsync() =>
        await Admin.CreateTaskAsync("nav");

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_a_task_folder_is_uploaded_Should_store_its_labelled_examples_as_one_version()
    {
        var folder = RepoPaths.Task("bbh", "navigate");
        using var form = new MultipartFormDataContent();
        foreach (var split in new[] { "train", "dev", "test", "format", "few_shot" })
        {
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(folder, split + ".jsonl"))), "files", $"navigate/{split}.jsonl");
        }

        var response = await Admin.PutAsync("/v1/tasks/nav/dataset", form);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var version = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(48 + 48 + 144, version.GetProperty("exampleCount").GetInt32()); // format and few_shot are not labelled data
        // The same examples as a JSONL body make the same content: one dataset, two ways to send it.
        var jsonl = await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines));
        Assert.Equal(version.GetProperty("sha256").GetString(), (await jsonl.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task When_a_part_has_a_bad_line_Should_get_422_naming_the_part_file_and_line_and_store_nothing()
    {
        using var form = new MultipartFormDataContent
        {
            { Text(string.Join('\n', Jsonl.NavigateLines.Take(40))), "train", "train.jsonl" },
            { Text(Jsonl.NavigateLines[41] + "\n" + Jsonl.NavigateLines[42] + "\n{\"input\":\"q\",\"target\":\n"), "dev", "dev.jsonl" },
        };

        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/dataset", form), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("part 2 (dev.jsonl), line 3", detail, StringComparison.Ordinal);
        Assert.Equal(0, (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("datasetVersion").GetInt32());
    }

    [Fact]
    public async Task When_a_part_has_a_field_twice_or_a_blank_target_Should_get_422_naming_the_part_line_and_field()
    {
        using var form = new MultipartFormDataContent
        {
            { Text(string.Join('\n', Jsonl.NavigateLines.Take(40))), "train", "train.jsonl" },
            { Text(Jsonl.NavigateLines[41] + "\n{\"input\":\"a\",\"target\":\"Yes\",\"target\":\"No\"}\n"), "dev", "dev.jsonl" },
        };

        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/dataset", form), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("part 2 (dev.jsonl), line 2: field \"target\" appears more than once", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_part_is_not_valid_utf8_Should_get_400_naming_the_part_and_line()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(Jsonl.NavigateLines[0] + "\n"), .. "{\"input\": \"caf"u8, 0xE9, .. "\", \"target\": \"Yes\"}\n"u8];
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "train", "train.jsonl" } };

        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/dataset", form), HttpStatusCode.BadRequest);

        Assert.StartsWith("part 1 (train.jsonl), line 2: not valid UTF-8 text (byte 15 of the line", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_part_is_not_a_task_folder_file_Should_get_422_naming_it()
    {
        using var form = new MultipartFormDataContent { { Text(Jsonl.NavigateLines[0]), "file", "train.csv" } };

        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/dataset", form), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("Part 1 ('train.csv')", detail, StringComparison.Ordinal);
        Assert.Contains("train.jsonl", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_folder_is_larger_than_the_body_limit_Should_get_413()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[140_000]), "train", "train.jsonl" } };

        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/dataset", form), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("ControlPlane:MaxBodyBytes", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_multipart_body_is_cut_off_Should_get_400_saying_it_is_malformed()
    {
        using var content = new StringContent("--b1\r\nContent-Disposition: form-data; name=\"train\"; filename=\"train.jsonl\"\r\n\r\n" + Jsonl.NavigateLines[0]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b1");

        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/dataset", content), HttpStatusCode.BadRequest);

        Assert.Contains("malformed", detail, StringComparison.Ordinal);
    }

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "application/jsonl");
}
