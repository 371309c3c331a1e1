namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>Sizes of a scenario run: full for the table, quick (seconds) for the smoke test.</summary>
public sealed record ScenarioScale(bool Quick)
{
    public int LatencyMs => Quick ? 20 : 200;
    public int Steps => Quick ? 1 : 2;

    /// <summary>Measured steps of P3 (zero latency: a step's scoring takes well under a second).</summary>
    public int BusSteps => Quick ? 1 : 6;

    /// <summary>Measured steps of P2's process runs: each step ends on its slowest batch, so one short step is mostly ramp and tail.</summary>
    public int ScaleOutSteps => Quick ? 1 : 3;
    public int Candidates => Quick ? 2 : 4;
    public int Dev => Quick ? 8 : 32;
    public int ThroughputDev => Quick ? 16 : 48;
    public int ReferenceDev => Quick ? 4 : 8;
}
