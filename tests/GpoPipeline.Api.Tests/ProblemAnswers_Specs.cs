using System.Net;
using System.Text;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GpoPipeline.Api.Tests;

/// <summary>Every 4xx the API answers is a complete RFC 9457 problem: type, title, status and a detail saying what to do.</summary>
public sealed class ProblemAnswers_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new(new Dictionary<string, string?> { ["ControlPlane:MaxBodyBytes"] = "2048" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Theory]
    [InlineData("POST", "/v1/tasks", "text/plain", "{\"name\":\"t1\"}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("PUT", "/v1/tasks/t1/policy", "application/xml", "<policy/>", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("PUT", "/v1/tasks/t1/settings", "application/xml", "<settings/>", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("DELETE", "/v1/tasks", null, null, HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/v1/nothing-here", null, null, HttpStatusCode.NotFound)]
    [InlineData("POST", "/v1/tasks", "application/json", "{\"name\":", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/v1/chat/completions", "application/json", "{\"model\":\"gpo:t1\",\"messages\":[{\"role\":\"user\",\"content\":\"BIG\"}]}", HttpStatusCode.RequestEntityTooLarge)]
    public async Task When_a_request_is_refused_Should_answer_a_complete_problem(string method, string path, string? contentType, string? body, HttpStatusCode status)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("BIG", new string('x', 4096), StringComparison.Ordinal), Encoding.UTF8, contentType!);
        }

        var response = await api.Admin().SendAsync(request);

        await AssertCompleteAsync(response, status);
    }

    [Theory]
    [InlineData("/v1/tasks", "{\"name\":\"dup1\",\"name\":\"dup2\"}", "Field 'name' is given more than once")]
    [InlineData("/v1/keys", "{\"name\":\"k\",\"scopes\":[\"read\"],\"scopes\":[\"admin\"]}", "Field 'scopes' is given more than once")]
    [InlineData("/v1/chat/completions", "{\"model\":\"gpo:t1\",\"model\":\"gpo:t2\",\"messages\":[]}", "Duplicate property 'model'")]
    public async Task When_a_body_gives_a_field_twice_Should_get_400_naming_it_instead_of_taking_the_last(string path, string body, string expected)
    {
        var response = await api.Admin().PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertCompleteAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await api.Services.GetRequiredService<ControlPlaneStore>().ListTasksAsync());
    }

    [Theory]
    [InlineData("{\"model\":\"gpo:t1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi \\ud800\"}]}", "field $.messages[0].content")]
    [InlineData("{\"model\":\"gpo:\\udc00\",\"messages\":[]}", "field $.model")]
    [InlineData("{\"model\":\"gpo:t1\",\"messages\":[{\"x\\ud800\":1}]}", "a field name")]
    public async Task When_a_chat_request_holds_half_a_surrogate_pair_Should_get_400_saying_where(string body, string where)
    {
        var response = await api.Admin().PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        var detail = (await AssertCompleteAsync(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString();
        Assert.Contains(where, detail, StringComparison.Ordinal);
        Assert.Contains("surrogate", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999", HttpStatusCode.NotFound, "Dataset version 99999999999 of task 't1' does not exist; versions are numbered from 1")]
    [InlineData("999999999999999999999999999999999", HttpStatusCode.NotFound, "Dataset version 999999999999999999999999999999999 of task 't1' does not exist")]
    [InlineData("latest", HttpStatusCode.BadRequest, "Dataset version 'latest' is not a whole number")]
    public async Task When_a_dataset_version_is_not_an_int_Should_say_so_rather_than_that_no_endpoint_answers(string version, HttpStatusCode status, string expected)
    {
        Assert.Equal(HttpStatusCode.Created, (await api.Admin().PostAsync("/v1/tasks", new StringContent("{\"name\":\"t1\"}", Encoding.UTF8, "application/json"))).StatusCode);

        var response = await api.Admin().GetAsync($"/v1/tasks/t1/datasets/{version}");

        Assert.Contains(expected, (await AssertCompleteAsync(response, status)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_policy_cron_matches_no_date_Should_get_422_instead_of_a_schedule_that_never_fires()
    {
        var response = await api.Admin().PostAsync("/v1/tasks", new StringContent("{\"name\":\"t1\",\"policy\":{\"cron\":\"0 0 31 2 *\"}}", Encoding.UTF8, "application/json"));

        var detail = (await AssertCompleteAsync(response, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString();
        Assert.Contains("policy.cron", detail, StringComparison.Ordinal);
        Assert.Contains("matches no date", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_body_has_the_wrong_content_type_Should_name_the_expected_one()
    {
        var response = await api.Admin().PostAsync("/v1/tasks", new StringContent("{\"name\":\"t1\"}", Encoding.UTF8, "text/plain"));

        var problem = await AssertCompleteAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("Content-Type: application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_route_does_not_take_the_method_Should_name_the_methods_it_takes()
    {
        var response = await api.Admin().DeleteAsync("/v1/tasks");

        var detail = (await AssertCompleteAsync(response, HttpStatusCode.MethodNotAllowed)).GetProperty("detail").GetString();
        Assert.Contains("GET", detail, StringComparison.Ordinal);
        Assert.Contains("POST", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_key_exceeds_its_rate_Should_get_a_complete_429_with_Retry_After()
    {
        await using var limited = new ApiFactory(new Dictionary<string, string?>
        {
            ["ControlPlane:RequestsPerMinute"] = "1", ["ControlPlane:RateLimitWindow"] = "01:00:00",
        });
        var client = limited.Admin();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/tasks")).StatusCode);

        var response = await client.GetAsync("/v1/tasks");

        await AssertCompleteAsync(response, HttpStatusCode.TooManyRequests);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter > TimeSpan.FromMinutes(1), $"Retry-After {retryAfter} is not the rest of the one-hour window");
    }

    [Fact]
    public async Task When_a_task_has_spent_its_daily_budget_Should_get_429_with_Retry_After_until_midnight_UTC()
    {
        var now = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(21).AddMinutes(30), TimeSpan.Zero);
        await using var budgeted = new ApiFactory(services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(now)));
        var admin = budgeted.Admin();
        var created = await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "t1", policy = new { dailyMaxCalls = 10 } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/t1/dataset", Jsonl.Body(Jsonl.NavigateLines))).StatusCode);
        var spent = Guid.NewGuid();
        var submission = new SubmissionRecord { Id = spent.ToString(), RunId = spent, Task = "t1", SubmittedAt = now.UtcDateTime.AddHours(-1), Trigger = "manual" };
        Assert.True(await budgeted.Services.GetRequiredService<ControlPlaneStore>().TryAddSubmissionAsync(submission));
        await budgeted.Services.GetRequiredService<IRunStore>().AddUsageOnceAsync(
            new UsageRecord { RunId = spent, Step = 1, Role = "task", Calls = 10 }, Guid.NewGuid());

        var response = await admin.PostAsync("/v1/tasks/t1/runs", Jsonl.Json(new { }));

        await AssertCompleteAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromMinutes(150), response.Headers.RetryAfter?.Delta);
    }

    private static async Task<JsonElement> AssertCompleteAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var detail = await Problems.AssertProblemAsync(response, status);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.TryGetProperty("type", out var type) && type.GetString() is { Length: > 0 }, $"no type: {problem}");
        Assert.True(problem.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 }, $"no title: {problem}");
        Assert.True(detail.Length > 0, $"no detail: {problem}");
        return problem;
    }
}
