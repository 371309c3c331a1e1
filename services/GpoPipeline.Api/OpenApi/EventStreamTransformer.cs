using System.Globalization;
using GpoPipeline.Api.Runs;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// Says how to read a server-sent-event answer: a client generator takes a schema for one JSON body, but the stream is
/// many events, each with a name and one data object (the schema the endpoint declares for its events).
/// </summary>
public sealed class EventStreamTransformer : IOpenApiOperationTransformer
{
    private static readonly IReadOnlyDictionary<Type, string> EventsByData = new Dictionary<Type, string>
    {
        [typeof(RunEvent)] = RunEventDescriptions.Describe(),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (EventStreams.DataType(context.Description.ActionDescriptor.EndpointMetadata) is not { } data
            || operation.Responses?.GetValueOrDefault(StatusCodes.Status200OK.ToString(CultureInfo.InvariantCulture)) is not OpenApiResponse stream)
        {
            return Task.CompletedTask;
        }

        stream.Description = $"Server-sent events ({EventStreams.MediaType}), not one JSON body: each event's `event:` line is its name and its "
            + $"`data:` line one {data.Name} as JSON (the schema here). {EventsByData.GetValueOrDefault(data)}".TrimEnd();
        return Task.CompletedTask;
    }
}
