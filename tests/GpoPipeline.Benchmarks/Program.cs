using BenchmarkDotNet.Running;
using GpoPipeline.Benchmarks.Scenarios;

// dotnet run -c Release -- scenarios [--quick] [--only P1,P2] [--out dir]   end-to-end scenarios P1–P5, P7 (fault slowdown), P8 (shared rate limit) (needs RabbitMQ); results.md + results.png
// dotnet run -c Release -- scenarios --zero-cost-sweep            P3's zero-cost pipeline over every BBH task, medians (for A/B comparisons)
// dotnet run -c Release -- --job short --filter '*'          library micro-benchmarks (P6, BenchmarkDotNet)
if (args.Length > 0 && args[0] == "scenarios")
{
    if (ScenariosCommandLine.AsksForHelp(args[1..]))
    {
        Console.WriteLine(ScenariosCommandLine.Usage);
        return 0;
    }

    if (ScenariosCommandLine.Problem(args[1..]) is { } problem)
    {
        await Console.Error.WriteLineAsync($"scenarios: {problem}; {ScenariosCommandLine.Usage}");
        return 2;
    }
}

if (args.Length > 1 && args[0] == "scenarios" && args[1] == "--timeline")
{
    await StepTimeline.PrintAsync(Console.Out);
    return 0;
}

if (args.Length > 1 && args[0] == "scenarios" && args[1] == "--zero-cost-sweep")
{
    await ThroughputScenarios.SweepZeroCostAsync(Console.Out);
    return 0;
}

if (args.Length > 0 && args[0] == "scenarios")
{
    var quick = args.Contains("--quick");
    var outIndex = Array.IndexOf(args, "--out");
    var output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Directory.GetCurrentDirectory();
    var onlyIndex = Array.IndexOf(args, "--only");
    var only = onlyIndex >= 0 && onlyIndex + 1 < args.Length
        ? args[onlyIndex + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
        : null;
    if (only?.Except(ScenarioRunner.Ids, StringComparer.OrdinalIgnoreCase).ToList() is { Count: > 0 } unknown)
    {
        await Console.Error.WriteLineAsync($"--only: no scenario {string.Join(", ", unknown)}; the scenarios are {string.Join(", ", ScenarioRunner.Ids)}.");
        return 2;
    }

    try
    {
        GpoPipeline.Testing.RabbitMqBroker.EnsureReachable();
    }
    catch (InvalidOperationException unreachable)
    {
        await Console.Error.WriteLineAsync($"{unreachable.Message} (tests/bench.sh starts one; so does `bash -c '. tests/broker.sh; ensure_broker'`.)");
        return 2;
    }

    var results = await ScenarioRunner.RunAsync(new ScenarioScale(quick), Console.Out, only);
    var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    Directory.CreateDirectory(output);
    await File.WriteAllTextAsync(Path.Combine(output, "results.md"), ScenarioRunner.Markdown(results, machine));
    await File.WriteAllBytesAsync(Path.Combine(output, "results.png"), ResultsChart.Render(results));
    Console.WriteLine(ScenarioRunner.Markdown(results, machine));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ScenarioRunner).Assembly).Run(args);
return 0;
