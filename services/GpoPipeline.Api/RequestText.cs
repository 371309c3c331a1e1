using System.Text;

namespace GpoPipeline.Api;

/// <summary>Reads a request body as UTF-8 text up to a limit, so a huge or endless body is a 413, not memory.</summary>
public static class RequestText
{
    public static async Task<string> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(request.ContentLength.Value, maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(buffer.Length + read, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw ApiProblemException.BadRequest("The body is not valid UTF-8 text; expected JSON lines of {\"input\", \"target\"}.");
        }
    }

    private static ApiProblemException TooLarge(long seen, long limit) =>
        ApiProblemException.TooLarge($"The body has more than {limit:N0} bytes (at least {seen:N0}); the limit is ControlPlane:MaxBodyBytes.");
}
