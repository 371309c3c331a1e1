using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api;

/// <summary>
/// Every request body at most ControlPlane:MaxBodyBytes (413 beyond it). The uploads and the chat proxy read theirs
/// under that limit already (<see cref="RequestText"/>); the JSON endpoints (tasks, keys, runs) took the server's
/// default of 30 MB (the API audit). A declared length over it is refused before anything is read; a chunked body
/// stops at it in the server.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.MaxBodyBytes;
        if (context.Request.ContentLength is { } length && length > limit)
        {
            throw RequestText.TooLarge(length, limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = limit;
        }

        return next(context);
    });
}
