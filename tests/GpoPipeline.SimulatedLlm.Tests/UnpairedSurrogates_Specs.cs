using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Endpoints;

namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>A "\ud800" escape (half a surrogate pair) is refused by name; reading it as a string threw InvalidOperationException.</summary>
public sealed class UnpairedSurrogates_Specs
{
    [Fact]
    public void When_a_data_file_line_holds_an_unpaired_surrogate_Should_refuse_it_naming_the_file_line_and_field()
    {
        var folder = Directory.CreateTempSubdirectory("gpo-sim-surrogate-");
        try
        {
            var file = Path.Combine(folder.FullName, "mine.jsonl");
            File.WriteAllText(file, "{\"input\": \"q\", \"target\": \"1\"}\n{\"input\": \"r\", \"target\": [\"2\", \"\\udc00\"]}\n");

            var e = Assert.Throws<InvalidDataException>(() => SplitFileReader.Read(folder.FullName, file).ToList());

            Assert.StartsWith($"{file}:2: field 'target' holds an unpaired surrogate (\\udc00)", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void When_an_embeddings_input_holds_an_unpaired_surrogate_Should_answer_an_error_naming_it()
    {
        var (request, _, error) = EmbeddingRequestReader.Read("{\"model\": \"sim-embedding\", \"input\": [\"a\", \"b \\ud800\"]}");

        Assert.Null(request);
        Assert.StartsWith("The request body holds an unpaired surrogate (\\ud800)", error, StringComparison.Ordinal);
    }
}
