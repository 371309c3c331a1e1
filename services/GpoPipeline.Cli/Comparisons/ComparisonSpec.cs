using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GpoPipeline.Contracts;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>
/// What `gpo compare` was asked to run: the same seed, splits, models and call budget for every method on every
/// task. Its <see cref="Id"/> and each cell's run id are hashes of it, so running the same command again finds the
/// cells it already ran (issue 17: "resumes like any run"); it is also saved as the manifest that `--resume` reads.
/// </summary>
public sealed record ComparisonSpec
{
    public required IReadOnlyList<string> Tasks { get; init; }
    public required IReadOnlyList<string> Methods { get; init; }

    /// <summary>Optimizer + scorer calls per cell (method × task); null gives every cell GPO's own default run length.</summary>
    public long? Calls { get; init; }

    public int Candidates { get; init; } = 8;
    public int Epochs { get; init; } = 3;
    public int Seed { get; init; }

    /// <summary>The run profile of every cell (docs/profiles.md); null is the runs' default, production.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Profile { get; init; }
    public int? MaxDev { get; init; }
    public int? MaxTest { get; init; }

    /// <summary>True: the in-process simulated LLM (a test instrument). False: <see cref="Models"/>.</summary>
    public bool Simulated { get; init; }

    public RunModels? Models { get; init; }

    [JsonIgnore]
    public Guid Id => HashGuid(JsonSerializer.Serialize(this, JsonOptions));

    /// <summary>The run id of one cell: the same comparison, task and method always give the same run.</summary>
    public Guid CellId(string task, string method) => HashGuid($"{Id:N}|{task}|{method.ToLowerInvariant()}");

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static Guid HashGuid(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
