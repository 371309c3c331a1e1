using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// The identity of one unit of scoring work (DESIGN §2): SHA-256 over everything the task model's answer and its
/// score depend on — the model the run is for, prompt position, extraction rounds, the task's scoring kind, the
/// prompt and the example (input and references). Two runs that ask the same question share the answer.
/// A run that names no task model (a control-plane task without settings.taskModel: TaskModel "") cannot be told
/// apart from any other such run, though the scorers answering it may have been configured with another model since
/// (Llm:Task:Model): sharing would answer it from the wrong model's answers, silently, at no cost. Its keys therefore
/// also hold its run id: resume and redelivery within the run still find its own answers, no other run does.
/// A named model keeps the key without the run id (the same bytes as before), and scorers refuse a batch for a model
/// they do not call, so a name always means the model that answered.
/// </summary>
public static class ExampleMemoKey
{
    private const string Version = "gpo-example-v1";

    public static string For(Guid runId, RunConfiguration configuration, string prompt, Example example)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(example);
        // A JSON array of strings is an unambiguous encoding of the parts (no separator can be forged): the bytes of
        // JsonSerializer.SerializeToUtf8Bytes(string[]), written into this thread's buffer instead of new arrays (the
        // scheduler keys every example it dispatches and every answer it records: 4 % of the zero-cost P3 process's bytes).
        var buffer = Buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = Writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartArray();
        writer.WriteStringValue(Version);
        writer.WriteStringValue(configuration.TaskModel);
        if (string.IsNullOrEmpty(configuration.TaskModel)) // null: a stored configuration read back without the field
        {
            // Unambiguous: a named model's array has a non-empty second part, so the two forms never coincide.
            writer.WriteStringValue(runId.ToString("D"));
        }

        writer.WriteStringValue(Position(configuration.Position));
        writer.WriteStringValue(Rounds(configuration));
        writer.WriteStringValue(configuration.TaskKind.ToString());
        writer.WriteStringValue(string.Join("/", configuration.BooleanWords ?? []));
        writer.WriteStringValue(prompt);
        writer.WriteStringValue(example.Input);
        foreach (var reference in example.References)
        {
            writer.WriteStringValue(reference);
        }

        writer.WriteEndArray();
        writer.Flush();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > MaxKeptBuffer)
        {
            (Buffer, Writer) = (null, null); // an example of megabytes does not keep its buffer for the thread's life
        }

        return Convert.ToHexStringLower(hash);
    }

    private const int MaxKeptBuffer = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? Buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? Writer;

    /// <summary>
    /// The prompt position as the key names it. A_begin's input gained the official trailing space after the prompt
    /// (TaskInput; official eval_utils.py 254-257) after answers were stored under "ABegin": those were asked another
    /// input, so A_begin keys name the new layout and never find them. The other positions keep their bytes.
    /// </summary>
    internal static string Position(PromptPosition position) =>
        position == PromptPosition.ABegin ? "ABegin:prompt-then-space" : position.ToString();

    /// <summary>
    /// "1" without a second round; otherwise the profile's rule for it (issue 15 point 5), since the rule decides
    /// whether an answer comes from one turn or two: a paper run never reuses a production answer, nor the reverse.
    /// </summary>
    private static string Rounds(RunConfiguration configuration) =>
        configuration.TwoRoundExtraction ? "2:" + ProfilePolicy.For(configuration.Profile).SecondRound : "1";
}
