using GpoPipeline.Testing;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// The README's `gpo serve` session, run as written (its fenced block parsed, every curl done over HTTP), so the
/// README cannot drift from the API. A reader supplies three things the block cannot: a port (a free one instead
/// of 8080, other specs run alongside), a store of their own (instead of the user's default file) and the admin
/// key serve printed (for "gpo_…"). Runs on the simulated models (a test instrument: its scores are not model quality).
/// </summary>
public sealed partial class ReadmeQuickStart_Specs(ITestOutputHelper output)
{
    [Fact]
    public async Task When_the_READMEs_serve_session_is_run_as_written_Should_create_a_task_optimize_it_and_serve_its_champion()
    {
        var block = ServeBlock().Match(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "README.md"))).Groups[1].Value;
        var statements = ReadmeSession.Statements(block);
        var serveLine = statements.First(s => s.StartsWith("gpo serve ", StringComparison.Ordinal));
        using var store = new TempStore();
        var port = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = [.. serveLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(a => a == "8080" ? port : a), "--store", store.Path];
        var printed = new StringBuilder();
        using var writer = TextWriter.Synchronized(new StringWriter(printed));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var serve = GpoApp.RunAsync(args, writer, TextWriter.Null, stop.Token);
        var key = await AdminKeyAsync(printed, writer, serve, stop.Token);

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(4) };
        var session = new ReadmeSession(http, Repo.Root);
        foreach (var statement in statements.Where(s => s != serveLine))
        {
            await session.RunAsync(statement.Replace("127.0.0.1:8080", "127.0.0.1:" + port, StringComparison.Ordinal).Replace("gpo_…", key, StringComparison.Ordinal), stop.Token);
        }

        foreach (var (command, status, answer) in session.Calls)
        {
            var shown = command.Replace(key, "gpo_…", StringComparison.Ordinal); // the key stays out of test logs too
            output.WriteLine($"{status} {shown[..Math.Min(120, shown.Length)]}\n    {answer[..Math.Min(300, answer.Length)].ReplaceLineEndings(" ")}");
        }

        Assert.True(session.Calls.Count >= 8, $"only {session.Calls.Count} curl calls ran");
        Assert.All(session.Calls, call => Assert.True(call.Status is >= 200 and < 300, $"{call.Command} → {call.Status}: {call.Output}"));
        Assert.Contains(session.Calls, c => c.Command.Contains("/events", StringComparison.Ordinal) && c.Output.Contains("event: run-decided", StringComparison.Ordinal));
        // What the README says the champion fetch shows (its ETag) is what it shows.
        var etag = ETagInReadme().Match(block).Value;
        Assert.Contains(etag, session.Calls.Single(c => c.Command.Contains("/prompt", StringComparison.Ordinal)).Output, StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await serve);
    }

    private static async Task<string> AdminKeyAsync(StringBuilder printed, TextWriter writer, Task<int> serve, CancellationToken cancellationToken)
    {
        while (!serve.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            lock (writer)
            {
                if (AdminKey().Match(printed.ToString()) is { Success: true } match)
                {
                    return match.Groups[1].Value;
                }
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new InvalidOperationException($"gpo serve printed no admin key: {printed}");
    }


    [GeneratedRegex(@"## Continuous optimization: `gpo serve`.*?```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ServeBlock();

    [GeneratedRegex(@"ETag: ""[^""]+""")]
    private static partial Regex ETagInReadme();

    [GeneratedRegex(@"admin key \(shown once[^)]*\):\s+(gpo_[0-9a-f]{12}_\S+)")]
    private static partial Regex AdminKey();
}
