using System.Diagnostics;

namespace GpoPipeline.Llm;

/// <summary>Names of the Llm ActivitySource, Meter and the gpo.* span attributes (DESIGN §5).</summary>
public static class LlmTelemetry
{
    /// <summary>ActivitySource and Meter name; ServiceDefaults listens to <c>GpoPipeline.*</c>.</summary>
    public const string SourceName = "GpoPipeline.Llm";

    public const string RunIdTag = "gpo.run.id";
    public const string StepTag = "gpo.step";
    public const string CandidateTag = "gpo.candidate";
    public const string PurposeTag = "gpo.purpose";
    public const string RoleTag = "gpo.llm.role";
    public const string CacheHitTag = "gpo.cache_hit";

    /// <summary>The GenAI span of the current call, or null when nobody listens (never the caller's own span).</summary>
    internal static Activity? CurrentCallSpan =>
        Activity.Current is { Source.Name: SourceName } activity ? activity : null;

    internal static void TagCall(CallScope scope)
    {
        if (CurrentCallSpan is not { } span)
        {
            return;
        }

        span.SetTag(RunIdTag, scope.Call.RunId.ToString());
        span.SetTag(StepTag, scope.Call.Step);
        span.SetTag(PurposeTag, scope.Call.Purpose);
        span.SetTag(RoleTag, scope.Role.ToString());
        if (scope.Call.CandidateIndex is { } candidate)
        {
            span.SetTag(CandidateTag, candidate);
        }
    }
}
