using GpoPipeline.Api.Tasks;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GpoPipeline.Api.Datasets;

/// <summary>
/// A task folder (data/README.md layout: train, dev, test, format, few_shot .jsonl) sent as multipart/form-data, one
/// file per part, named by its file name (a browser's folder upload sends "nav/train.jsonl") or its field name. The
/// labelled examples of train, dev and test become the dataset; the control plane then splits them by a hash of
/// their input (<see cref="HeldOutSplit"/>) so the held-out test split stays held out in every later version.
/// format and few_shot are checked and not stored (format examples are drawn from the train split). The whole body
/// is read under ControlPlane:MaxBodyBytes first, so a huge or endless upload is a 413 and never memory.
/// </summary>
public static class FolderUpload
{
    /// <summary>A task folder has at most five files (one part each).</summary>
    public const int MaxParts = 5;

    private static readonly string[] LabelledSplits = [Split.Train, Split.Dev, Split.Test];

    public static async Task<List<DatasetExample>> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var boundary = Boundary(request.ContentType);
        await using var body = await RequestText.ReadBytesAsync(request, maxBytes, cancellationToken);
        var reader = new MultipartReader(boundary, body) { HeadersCountLimit = 8, HeadersLengthLimit = 4096 };
        var examples = new List<DatasetExample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (++index > MaxParts)
                {
                    throw ApiProblemException.Invalid($"The upload has more than {MaxParts} parts; a task folder has at most {string.Join(", ", Split.All.Select(s => s + ".jsonl"))}.");
                }

                var (name, split) = Identify(section, index);
                if (!seen.Add(split))
                {
                    throw ApiProblemException.Invalid($"Part {index} ('{name}'): {split}.jsonl was already sent in an earlier part.");
                }

                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken);
                var parsed = JsonlUpload.Parse(content.GetBuffer().AsSpan(0, (int)content.Length), $"part {index} ({split}.jsonl)");
                if (LabelledSplits.Contains(split))
                {
                    examples.AddRange(parsed);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw ApiProblemException.BadRequest($"The multipart body is malformed after part {index}: {ex.Message}");
        }

        if (index == 0)
        {
            throw ApiProblemException.BadRequest($"The multipart body has no parts; send the task folder's files ({string.Join(", ", Split.All.Select(s => s + ".jsonl"))}), one per part.");
        }

        return examples.Count > 0 ? examples
            : throw ApiProblemException.Invalid("The upload has no train.jsonl, dev.jsonl or test.jsonl part: no labelled examples to store.");
    }

    private static string Boundary(string? contentType)
    {
        var boundary = MediaTypeHeaderValue.TryParse(contentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        // RFC 2046 §5.1.1: 1–70 characters.
        return boundary is { Length: > 0 and <= 70 } ? boundary
            : throw ApiProblemException.BadRequest("The multipart/form-data Content-Type needs a boundary parameter of 1–70 characters.");
    }

    /// <summary>The part's file (or field) name and the split it holds; anything else is refused naming the part.</summary>
    private static (string Name, string Split) Identify(MultipartSection section, int index)
    {
        var disposition = section.GetContentDispositionHeader();
        var raw = disposition is null ? null
            : HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value is { Length: > 0 } fileName ? fileName
            : HeaderUtilities.RemoveQuotes(disposition.Name).Value;
        if (string.IsNullOrEmpty(raw))
        {
            throw ApiProblemException.Invalid($"Part {index} has no Content-Disposition with a file name or field name; name each part after its file, e.g. train.jsonl.");
        }

        var name = new string([.. TasksApi.Shorten(raw).Select(c => char.IsControl(c) ? '?' : c)]);
        var file = raw[(raw.LastIndexOfAny(['/', '\\']) + 1)..];
        var split = file.EndsWith(".jsonl", StringComparison.Ordinal) ? file[..^".jsonl".Length] : file;
        return Split.All.Contains(split, StringComparer.Ordinal) ? (name, split)
            : throw ApiProblemException.Invalid($"Part {index} ('{name}') is not a task folder file; expected one of {string.Join(", ", Split.All.Select(s => s + ".jsonl"))}.");
    }
}
