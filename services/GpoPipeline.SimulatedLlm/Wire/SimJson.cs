using System.Text.Json;
using System.Text.Json.Serialization;

namespace GpoPipeline.SimulatedLlm.Wire;

/// <summary>Serializer settings: OpenAI's snake_case on /v1, camelCase with enum names on /sim.</summary>
public static class SimJson
{
    public static JsonSerializerOptions OpenAi { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static JsonSerializerOptions Log { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
