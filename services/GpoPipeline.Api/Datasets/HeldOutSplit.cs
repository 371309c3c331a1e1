using System.Security.Cryptography;
using System.Text;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Datasets;

/// <summary>
/// Assigns each example to train / dev / test by a hash of its input (20 / 30 / 50 %, the shares of
/// SingleFileSplits), so an example keeps its split in every later version of the dataset. That is what makes
/// the test split a held-out set for champion decisions: no run ever selects a prompt on an example that a
/// later decision scores (issue 12 "held-out examples not used for selection").
/// </summary>
public static class HeldOutSplit
{
    public const string Train = "train";
    public const string Dev = "dev";
    public const string Test = "test";

    public static string Of(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var bucket = SHA256.HashData(Encoding.UTF8.GetBytes(input))[0] % 10;
        return bucket switch
        {
            < 2 => Train,
            < 5 => Dev,
            _ => Test,
        };
    }

    public static IReadOnlyDictionary<string, List<DatasetExample>> Apply(IEnumerable<DatasetExample> examples)
    {
        var splits = new Dictionary<string, List<DatasetExample>> { [Train] = [], [Dev] = [], [Test] = [] };
        foreach (var example in examples)
        {
            splits[Of(example.Input)].Add(example);
        }

        return splits;
    }
}
