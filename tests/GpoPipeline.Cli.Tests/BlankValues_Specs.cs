namespace GpoPipeline.Cli.Tests;

/// <summary>
/// An empty or blank path, URI, id or name is refused by the parser naming the option: `estimate --data ""` was
/// "unexpected error (ArgumentException …)" (exit 1), `compare --resume ""` too, `estimate --task ""` was taken, and
/// the others were reported as something else (a missing API key, "no such file", "--store: name the task model").
/// </summary>
public sealed class BlankValues_Specs
{
    [Theory]
    [InlineData("estimate|--data|", "--data '': expected a task folder or a .jsonl file")]
    [InlineData("estimate|--data| ", "--data ' ': expected a task folder or a .jsonl file")]
    [InlineData("optimize|--data||--task-model|m|--optimizer-model|m|--store|{store}", "--data '': expected a task folder or a .jsonl file")]
    [InlineData("sim|--port|0|--data|", "--data '': expected a task folder or a .jsonl file")]
    [InlineData("estimate|--data|{navigate}|--task|", "--task '': expected a task name")]
    [InlineData("estimate|--data|{navigate}|--task-model|m|--store|", "--store '': expected a store file path or a mongodb:// URI")]
    [InlineData("runs|--store| ", "--store ' ': expected a store file path or a mongodb:// URI")]
    [InlineData("demo|--out||--store|{store}", "--out '': expected a folder path for the report")]
    [InlineData("compare|--simulated|--tasks|navigate|--resume||--store|{store}", "--resume '': expected a comparison id")]
    [InlineData("optimize|--data|{navigate}|--task-model||--optimizer-model|m|--store|{store}", "--task-model '': expected a model name")]
    [InlineData("optimize|--data|{navigate}|--task-model|m|--optimizer-model|m|--embedding-model| |--store|{store}", "--embedding-model ' ': expected a model name")]
    [InlineData("optimize|--data|{navigate}|--task-model|m|--optimizer-model|m|--base-url||--store|{store}", "--base-url '': expected an http(s) URL")]
    [InlineData("serve|--broker||--store|{store}", "--broker '': expected an amqp:// or amqps:// URI")]
    public async Task When_a_path_uri_id_or_name_option_is_empty_or_blank_Should_name_the_option_and_exit_2(string commandLine, string expected)
    {
        using var store = new TempStore();
        var args = commandLine.Split('|')
            .Select(a => a.Replace("{store}", store.Path, StringComparison.Ordinal).Replace("{navigate}", Repo.Data("bbh/navigate"), StringComparison.Ordinal))
            .ToArray();
        // A command the fix does not stop (serve, sim) would otherwise wait for Ctrl+C.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await GpoRun.ExecuteAsync(patience.Token, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", result.Stderr, StringComparison.Ordinal);
    }
}
