using System.Text;

namespace GpoPipeline.Api;

/// <summary>Reads a request body as UTF-8 text up to a limit, so a huge or endless body is a 413, not memory.</summary>
public static class RequestText
{
    public static async Task<string> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = await ReadBytesAsync(request, maxBytes, cancellationToken);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "The body is not valid UTF-8 text; expected JSON lines of {\"input\", \"target\"}.");
    }

    /// <summary>The whole body, at most <paramref name="maxBytes"/> (413 beyond), positioned at its start.</summary>
    public static async Task<MemoryStream> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(request.ContentLength.Value, maxBytes);
        }

        var buffer = new MemoryStream();
        try
        {
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
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <param name="problem">The 400 detail when the bytes are not UTF-8.</param>
    public static string Decode(ReadOnlySpan<byte> bytes, string problem)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw ApiProblemException.BadRequest(problem);
        }
    }

    public static ApiProblemException TooLarge(long seen, long limit) =>
        ApiProblemException.TooLarge($"The body has more than {limit:N0} bytes (at least {seen:N0}); the limit is ControlPlane:MaxBodyBytes.");
}
