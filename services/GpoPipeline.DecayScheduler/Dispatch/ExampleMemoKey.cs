using System.Security.Cryptography;
using System.Text.Json;
using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Profiles;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// The identity of one unit of scoring work (DESIGN §2): SHA-256 over everything the task model's answer and its
/// score depend on — the model the run is for, prompt position, extraction rounds, the task's scoring kind, the
/// prompt and the example (input and references). Two runs that ask the same question share the answer.
/// </summary>
public static class ExampleMemoKey
{
    private const string Version = "gpo-example-v1";

    public static string For(RunConfiguration configuration, string prompt, Example example)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(example);
        // A JSON array of strings is an unambiguous encoding of the parts (no separator can be forged).
        string[] parts =
        [
            Version, configuration.TaskModel, configuration.Position.ToString(), Rounds(configuration),
            configuration.TaskKind.ToString(), string.Join("/", configuration.BooleanWords ?? []), prompt, example.Input, .. example.References,
        ];
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(parts)));
    }

    /// <summary>
    /// "1" without a second round; otherwise the profile's rule for it (issue 15 point 5), since the rule decides
    /// whether an answer comes from one turn or two: a paper run never reuses a production answer, nor the reverse.
    /// </summary>
    private static string Rounds(RunConfiguration configuration) =>
        configuration.TwoRoundExtraction ? "2:" + ProfilePolicy.For(configuration.Profile).SecondRound : "1";
}
