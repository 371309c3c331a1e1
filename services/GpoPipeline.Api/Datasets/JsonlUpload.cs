using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Datasets;

/// <summary>
/// Parses an uploaded JSONL body (its bytes) with the pipeline's own parser, so every error names its line and field
/// exactly as the CLI does for a file: 422 for a bad example, 400 for bytes that are not text (not UTF-8, or not the
/// UTF-16 or UTF-32 their byte order mark names; with the line).
/// </summary>
public static class JsonlUpload
{
    public static List<DatasetExample> Parse(ReadOnlySpan<byte> bytes, string source)
    {
        try
        {
            return JsonlParser.Parse(bytes, source)
                .Select(e => new DatasetExample { Input = e.Input, References = [.. e.References] })
                .ToList();
        }
        catch (DatasetException ex)
        {
            throw ex.NotUtf8 ? ApiProblemException.BadRequest(ex.Message) : ApiProblemException.Invalid(ex.Message);
        }
    }
}
