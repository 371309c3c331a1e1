namespace GpoPipeline.Cli.Tests;

public sealed class UsageErrors_Specs
{
    [Theory]
    [InlineData("Llm__Task__MaxConcurrency", "abc", "gpo: Setting 'Llm:Task:MaxConcurrency' is invalid: 'abc' is not a whole number.")]
    [InlineData("Scoring__ConcurrentMessageLimit", "lots", "gpo: Setting 'Scoring:ConcurrentMessageLimit' is invalid: 'lots' is not a whole number.")]
    public async Task When_a_setting_in_the_environment_does_not_parse_Should_name_it_in_one_line_and_exit_2(string variable, string value, string expected)
    {
        // It was "unexpected error … Please report it" (exit 1): a user's setting, not a bug.
        using var store = new TempStore();

        var result = await GpoProcess.RunAsync(new Dictionary<string, string?> { [variable] = value },
            "demo", "--steps", "1", "--candidates", "1", "--max-dev", "4", "--max-test", "4", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Please report it", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo --schedule exponential", "'exponential' not recognized")]
    [InlineData("estimate --data /no/such/task", "/no/such/task: the task folder does not exist")]
    [InlineData("estimate --data /no/such/mine.jsonl", "/no/such/mine.jsonl: the file does not exist")]
    [InlineData("estimate --data data/bbh/navigate --candidates 0", "--candidates 0: expected a number of candidates from 1 to 64")]
    [InlineData("demo --epochs 0", "--epochs 0: expected a number of epochs from 1 to 1000")] // named the setting, after the simulator had started
    [InlineData("compare --simulated --tasks navigate --epochs 0", "--epochs 0: expected a number of epochs from 1 to 1000")]
    [InlineData("compare --simulated --tasks navigate --candidates 65", "--candidates 65: expected a number of candidates from 1 to 64")]
    [InlineData("estimate --data data/bbh/navigate --steps 2000000000", "--steps 2000000000: expected a number of steps from 0 to 1000")] // printed negative calls
    [InlineData("demo --steps -1", "--steps -1: expected a number of steps from 0 to 1000")] // named the setting, after the simulator had started
    [InlineData("optimize --data data/bbh/navigate --task-model m --optimizer-model m --steps 1001", "--steps 1001: expected a number of steps from 0 to 1000")]
    [InlineData("estimate --data data/bbh/navigate --epochs 900", "The run would take 5400 steps (900 epochs of 48 training examples in batches of 8); at most 1000")]
    [InlineData("demo --k 5000", "--k 5000: expected a number of trajectory entries from 1 to 1000")]
    [InlineData("demo --task no_such_task", "no shipped BBH task")]
    [InlineData("show 2f1e5a38-95a8-4b1c-9a3e-7f0c1d2e3f40", "No run 2f1e5a38-95a8-4b1c-9a3e-7f0c1d2e3f40")]
    [InlineData("show not-a-guid", "not-a-guid")]
    [InlineData("frobnicate", "unknown command 'frobnicate'")]
    [InlineData("optimise", "did you mean 'gpo optimize'?")]
    [InlineData("demo --steps abc", "--steps abc: expected a whole number")]
    [InlineData("demo --max-cost x", "--max-cost x: expected a number")]
    [InlineData("demo --max-cost NaN", "--max-cost NaN: expected an amount above 0")]
    [InlineData("demo --max-cost 0", "--max-cost 0: expected an amount above 0")]
    [InlineData("resume 2f1e5a38-95a8-4b1c-9a3e-7f0c1d2e3f40 --max-cost Infinity", "--max-cost Infinity: expected an amount above 0")]
    [InlineData("demo --max-calls -3", "--max-calls -3: expected a number of calls")]
    [InlineData("estimate --data data/bbh/navigate --input-price -1", "--input-price -1: expected a price per million tokens")]
    [InlineData("optimize --data data/bbh/navigate --task-model m --optimizer-model m --base-url not-a-url", "--base-url not-a-url: not an http(s) URL")]
    [InlineData("sim --port 80000", "--port 80000: expected a TCP port from 0 to 65535")]
    [InlineData("runs --limit 0", "--limit 0: expected a number of runs")]
    public async Task When_the_input_is_wrong_Should_print_one_clear_message_and_exit_2(string commandLine, string expected)
    {
        using var store = new TempStore();
        using (store.Open())
        {
            // An existing (empty) store: `show` is asked about runs it does not have.
        }

        // Every command that opens a store gets the spec's own: the user's default store may be held by another spec or
        // a developer's gpo (then the answer is "in use", not the message under test), and a spec must not write it.
        var args = commandLine.Split(' ').Select(a => a.StartsWith("data/", StringComparison.Ordinal) ? Path.Combine(RepoRoot, a) : a)
            .Concat(commandLine.Split(' ')[0] is "demo" or "optimize" or "resume" or "runs" or "show" or "compare" ? ["--store", store.Path] : []).ToArray();

        var result = await GpoRun.ExecuteAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain("System.", result.Stderr, StringComparison.Ordinal); // no .NET type names
        Assert.DoesNotContain("Required command was not provided", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_jsonl_line_is_malformed_Should_name_the_file_and_line()
    {
        using var store = new TempStore();
        var file = Path.Combine(store.Folder, "mine.jsonl");
        await File.WriteAllLinesAsync(file, [
            """{"input": "2+2?", "target": "4"}""",
            """{"input": "3+3?", "target": "6"}""",
            """{"input": "4+4?", "target": """,
        ]);

        var result = await GpoRun.ExecuteAsync("estimate", "--data", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mine.jsonl", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 3", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", result.Stderr, StringComparison.Ordinal); // .NET's own 0-based count contradicted "line 3"
    }

    [Fact]
    public async Task When_a_jsonl_file_is_not_utf8_Should_name_the_file_line_and_byte_and_exit_2()
    {
        // It was decoded with U+FFFD in place of the bad byte and optimized on silently (the data audit).
        using var store = new TempStore();
        var file = Path.Combine(store.Folder, "latin1.jsonl");
        byte[] good = [.. "{\"input\": \"2+2?\", \"target\": \"4\"}\n"u8];
        await File.WriteAllBytesAsync(file, [.. good, .. good, .. "{\"input\": \"caf"u8, 0xE9, .. "?\", \"target\": \"4\"}\n"u8]);

        var result = await GpoRun.ExecuteAsync("estimate", "--data", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}, line 3: not valid UTF-8 text (byte 15 of the line", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train.jsonl", "{\"input\": \"q \\ud800 x\", \"target\": \"4\"}", "train.jsonl, line 2: field \"input\" holds an unpaired surrogate (\\ud800)")]
    [InlineData("task.json", "{\"kind\": \"\\ud800\"}", "task.json: field \"kind\" holds an unpaired surrogate (\\ud800)")]
    public async Task When_a_task_folder_file_holds_an_unpaired_surrogate_escape_Should_name_the_file_line_and_field_and_exit_2(string name, string content, string expected)
    {
        // GetString threw: "unexpected error (InvalidOperationException …) Please report it.", exit 1.
        using var store = new TempStore();
        var folder = Directory.CreateDirectory(Path.Combine(store.Folder, "mine")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "train.jsonl"), "{\"input\": \"2+2?\", \"target\": \"4\"}\n");
        await File.AppendAllTextAsync(Path.Combine(folder, name), content + "\n");

        var result = await GpoRun.ExecuteAsync("estimate", "--data", folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{Path.Combine(folder, expected)}, which is not text; expected valid Unicode", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"input\": \"x\", \"target\":", "line 2: invalid JSON")]
    [InlineData("42", "line 2: expected a JSON object, found a number")]
    [InlineData("{\"input\": \" \", \"target\": \"2\"}", "line 2: field \"input\" is empty; expected the question text.")]
    [InlineData("{\"input\": \"a\", \"input\": \"b\", \"target\": \"2\"}", "line 2: field \"input\" appears more than once; expected each field once.")]
    public async Task When_sim_is_given_a_bad_dataset_Should_name_the_file_and_line_and_exit_2(string badLine, string expected)
    {
        // The simulator's own reader failed first: "unexpected error (InvalidOperationException …)", exit 1 (the CLI audit).
        using var folder = new TempStore();
        var file = Path.Combine(folder.Folder, "mine.jsonl");
        await File.WriteAllTextAsync(file, "{\"input\": \"q\", \"target\": \"1\"}\n" + badLine + "\n");

        var result = await GpoRun.ExecuteAsync("sim", "--port", "0", "--data", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}, {expected}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_real_run_has_no_api_key_Should_say_how_to_provide_one()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENAI_API_KEY")))
        {
            return; // a developer machine with a key: this spec is about its absence
        }

        using var store = new TempStore();
        var result = await GpoRun.ExecuteAsync("optimize", "--data", Path.Combine(RepoRoot, "data/bbh/navigate"), "--task-model", "m", "--optimizer-model", "m", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("OPENAI_API_KEY", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/v1/")]
    [InlineData("Http://127.0.0.1:9/v1")]
    [InlineData("HTTP://127.0.0.1:9/v1/")]
    public async Task When_the_endpoint_cannot_be_reached_Should_say_which_one(string baseUrl)
    {
        // A child process has the key: set on this process, every host and `gpo` of the specs running alongside (other
        // classes) read it from the environment while this spec ran, and every child process they started inherited it.
        var result = await GpoProcess.RunAsync(new Dictionary<string, string?> { ["Llm__Task__ApiKey"] = "test-key" },
            "optimize", "--data", Path.Combine(RepoRoot, "data/bbh/navigate"), "--task-model", "m", "--optimizer-model", "m", "--base-url", baseUrl);

        Assert.Equal(2, result.ExitCode);
        // Written as the run records it: lower-case scheme, trailing slash (never "Http://").
        Assert.Contains("http://127.0.0.1:9/v1/ cannot be reached", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Http://", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP://", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("0.15", true)]
    public async Task When_a_cost_limit_is_asked_for_Should_refuse_it_without_prices_before_anything_is_called(string? inputPrice, bool priced)
    {
        // Without prices every call costs $0: `--max-cost 0.0001` completed 190 calls with exit 0 (the CLI audit).
        // Priced, the check passes and the run goes on to the endpoint check (nothing listens on port 9: exit 2 there).
        // A child process has the key and the price, not this process's environment (which the specs alongside read).
        var environment = new Dictionary<string, string?> { ["Llm__Task__ApiKey"] = "test-key" };
        if (inputPrice is not null)
        {
            environment["Llm__Task__InputPricePerMillion"] = inputPrice;
        }

        var result = await GpoProcess.RunAsync(environment,
            "optimize", "--data", Path.Combine(RepoRoot, "data/bbh/navigate"), "--task-model", "m", "--optimizer-model", "m",
            "--base-url", "http://127.0.0.1:9/v1/", "--max-cost", "0.0001");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(!priced, result.Stderr.Contains("--max-cost needs the models' prices", StringComparison.Ordinal));
        Assert.Equal(priced, result.Stderr.Contains("cannot be reached", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../bbh")]
    [InlineData("/etc")]
    public async Task When_a_demo_task_is_a_path_Should_say_it_is_no_shipped_task(string task)
    {
        // The name was joined to data/bbh as a path: '' or '../bbh' read data/bbh itself and '/etc' the system's folder,
        // and the answer was four lines about splits missing from a folder the user never named.
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("demo", "--task", task, "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--task {task}: no shipped BBH task of that name", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("split", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--method", "nope", "Method 'nope' is not known")]
    [InlineData("--steps", "1001", "--steps 1001: expected a number of steps from 0 to 1000")]
    public async Task When_a_demo_setting_is_out_of_range_Should_refuse_it_before_the_store_is_created(string option, string value, string expected)
    {
        // The settings were checked only when the run was submitted: the simulator was started and an empty store left behind.
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("demo", option, value, "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(store.Path), "the refused demo created its store");
        Assert.DoesNotContain("SIMULATED", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_demo_asks_for_a_cost_limit_without_prices_Should_refuse_it_before_a_run_exists()
    {
        // The simulated models cost $0 unless the environment prices them: `demo --max-cost 0.0001` paid all 250 calls, exit 0.
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("demo", "--steps", "1", "--candidates", "1", "--max-dev", "4", "--max-test", "4", "--max-cost", "0.0001", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--max-cost needs the models' prices", result.Stderr, StringComparison.Ordinal);
        using var opened = store.Open();
        Assert.Empty(await opened.ListRunsAsync());
    }

    [Fact]
    public async Task When_a_resume_asks_for_a_cost_limit_without_prices_Should_refuse_it_and_leave_the_run_as_it_was()
    {
        // The neighbour of the optimize check: `resume <run> --max-cost 5` on an unpriced run resumed and paid every call.
        using var store = new TempStore();
        var stopped = await GpoRun.ExecuteAsync("demo", "--steps", "1", "--candidates", "1", "--max-dev", "4", "--max-test", "4", "--max-calls", "2", "--store", store.Path, "--json");
        Assert.True(stopped.ExitCode == 3, $"demo: exit {stopped.ExitCode}: {stopped.Stderr}");
        var runId = System.Text.Json.JsonDocument.Parse(stopped.Stdout).RootElement.GetProperty("runId").GetGuid();
        var before = await store.RunAsync(runId);

        var result = await GpoRun.ExecuteAsync("resume", runId.ToString(), "--max-cost", "0.0001", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--max-cost needs the models' prices", result.Stderr, StringComparison.Ordinal);
        var after = await store.RunAsync(runId);
        Assert.Equal((before.Status, before.Version), (after.Status, after.Version));
    }

    private static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GpoPipeline.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("repository root not found");
        }
    }
}
