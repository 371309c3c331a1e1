namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class Configuration_Specs
{
    [Fact]
    public async Task When_a_fault_rate_is_out_of_range_Should_refuse_to_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SimulatedLlmServer.StartAsync(new SimulatorOptions { Faults = new FaultOptions { Rate429 = 2 } }));

        Assert.Contains("Simulator:Faults:Rate429", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_data_file_has_a_bad_line_Should_refuse_to_start_naming_file_and_line()
    {
        var root = Directory.CreateTempSubdirectory("sim-data-");
        try
        {
            var task = Directory.CreateDirectory(Path.Combine(root.FullName, "bench", "task"));
            await File.WriteAllLinesAsync(Path.Combine(task.FullName, "dev.jsonl"), ["{\"input\": \"q1\", \"target\": \"(A)\"}", "{\"input\": \"q2\"}"]);

            var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
                SimulatedLlmServer.StartAsync(new SimulatorOptions { DataRoot = root.FullName }));

            Assert.Contains("dev.jsonl:2", error.Message, StringComparison.Ordinal);
            Assert.Contains("'target'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task When_the_data_root_does_not_exist_Should_refuse_to_start_naming_the_folder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-sim-data-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            SimulatedLlmServer.StartAsync(new SimulatorOptions { DataRoot = missing }));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
