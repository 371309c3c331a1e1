using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace GpoPipeline.Cli.Tests;

/// <summary>`gpo serve`: the API with the embedded store and in-process workers, its URL and a fresh admin key.</summary>
public sealed partial class Serve_Specs
{
    [Fact]
    public async Task When_serve_starts_Should_print_its_URL_and_an_admin_key_that_the_API_accepts_until_stopped()
    {
        using var store = new TempStore();
        var served = 0;

        var (_, output) = await ServeOnceAsync(store.Path, async (port, key) =>
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/tasks")).StatusCode);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/tasks")).StatusCode);
            served = port;
        });

        Assert.Contains($"serving http://127.0.0.1:{served}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_serve_starts_again_Should_revoke_the_key_the_previous_start_printed()
    {
        using var store = new TempStore();
        var first = await ServeOnceAsync(store.Path, (_, _) => Task.CompletedTask);

        await ServeOnceAsync(store.Path, async (port, key) =>
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", first.Key);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/tasks")).StatusCode);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/tasks")).StatusCode);
        });
        Assert.Contains("valid until the next `gpo serve` start", first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_serve_is_given_port_0_Should_take_a_free_port_and_print_the_one_it_took()
    {
        // It printed "serving http://127.0.0.1:0", an address no client can use (the CLI review).
        using var store = new TempStore();

        var (_, output) = await ServeOnceAsync(store.Path, async (_, _) =>
        {
            await Task.CompletedTask;
        });

        var printed = ServedPort().Match(output);
        Assert.True(printed.Success, $"no URL printed; output: {output}");
        Assert.NotEqual("0", printed.Groups[1].Value);
    }

    /// <summary>Starts serve on the store, hands the port it printed and its key to <paramref name="whileServing"/>, stops it.</summary>
    private static async Task<(string Key, string Output)> ServeOnceAsync(string storePath, Func<int, string, Task> whileServing)
    {
        // Port 0, and the port serve printed: a port found free here and released (the kernel's next port-0 pick) could
        // be taken by any outgoing connection or listener of the specs running beside this one before serve bound it.
        var output = new StringBuilder();
        using var writer = TextWriter.Synchronized(new StringWriter(output));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var serve = GpoApp.RunAsync(["serve", "--simulated", "--port", "0", "--store", storePath], writer, writer, stop.Token);
        string? key = null;
        while (key is null && !serve.IsCompleted && !stop.IsCancellationRequested)
        {
            lock (writer)
            {
                key = AdminKey().Match(output.ToString()) is { Success: true } match ? match.Groups[1].Value : null;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        Assert.True(key is not null, $"no admin key printed; output: {output}");
        Match served;
        lock (writer)
        {
            served = ServedPort().Match(output.ToString()); // printed before the key
        }

        Assert.True(served.Success, $"no URL printed; output: {output}");
        await whileServing(int.Parse(served.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), key);
        await stop.CancelAsync();
        Assert.Equal(0, await serve);
        lock (writer)
        {
            return (key, output.ToString());
        }
    }

    [GeneratedRegex(@"serving http://127\.0\.0\.1:(\d+) ")]
    private static partial Regex ServedPort();

    [GeneratedRegex(@"admin key \(shown once[^)]*\):\s+(gpo_[0-9a-f]{12}_\S+)")]
    private static partial Regex AdminKey();
}
