using System.ClientModel;
using System.ClientModel.Primitives;

namespace GpoPipeline.Llm.Tests;

/// <summary>An HTTP answer as System.ClientModel hands it to the gate: a status and headers, no body.</summary>
internal sealed class RefusingResponse(int status, params (string Name, string Value)[] headers) : PipelineResponse
{
    public override int Status => status;

    public override string ReasonPhrase => "Too Many Requests";

    public override Stream? ContentStream { get; set; }

    public override BinaryData Content => BinaryData.Empty;

    protected override PipelineResponseHeaders HeadersCore { get; } = new HeaderList(headers);

    /// <summary>The exception the OpenAI SDK throws for this answer.</summary>
    public static ClientResultException Refusal(int status, params (string Name, string Value)[] headers) =>
        new(new RefusingResponse(status, headers));

    public override BinaryData BufferContent(CancellationToken cancellationToken = default) => BinaryData.Empty;

    public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(BinaryData.Empty);

    public override void Dispose()
    {
    }

    private sealed class HeaderList((string Name, string Value)[] values) : PipelineResponseHeaders
    {
        public override bool TryGetValue(string name, out string? value)
        {
            value = values.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
            return value is not null;
        }

        public override bool TryGetValues(string name, out IEnumerable<string>? values)
        {
            values = TryGetValue(name, out var value) ? [value!] : null;
            return values is not null;
        }

        public override IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
            values.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).GetEnumerator();
    }
}
