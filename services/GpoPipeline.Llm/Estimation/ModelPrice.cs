namespace GpoPipeline.Llm;

/// <summary>Price per million tokens, as in the Llm:&lt;Role&gt; price settings.</summary>
public sealed record ModelPrice(double InputPerMillion, double OutputPerMillion)
{
    public static ModelPrice Free { get; } = new(0, 0);

    public static ModelPrice Of(ModelEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.InputPricePerMillion, options.OutputPricePerMillion);
    }

    public double CostOf(long inputTokens, long outputTokens) =>
        (inputTokens * InputPerMillion + outputTokens * OutputPerMillion) / 1_000_000d;
}
