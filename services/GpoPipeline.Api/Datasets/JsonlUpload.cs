using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Datasets;

/// <summary>Parses an uploaded JSONL body with the pipeline's own parser, so every error names its line.</summary>
public static class JsonlUpload
{
    public static List<DatasetExample> Parse(string text, string source)
    {
        try
        {
            return JsonlParser.Parse(text, source)
                .Select(e => new DatasetExample { Input = e.Input, References = [.. e.References] })
                .ToList();
        }
        catch (DatasetException ex)
        {
            throw ApiProblemException.Invalid(ex.Message);
        }
    }
}
