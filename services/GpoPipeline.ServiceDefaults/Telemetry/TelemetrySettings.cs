namespace GpoPipeline.ServiceDefaults;

/// <summary>Configuration keys of what telemetry may contain.</summary>
public static class TelemetrySettings
{
    /// <summary>
    /// <c>Telemetry:LogPromptText</c>: when true, the AI client's Trace logs (full prompts, dataset examples, replies)
    /// and the GenAI spans' message content are recorded. Off by default: prompts and examples are users' data.
    /// </summary>
    public const string LogPromptText = "Telemetry:LogPromptText";
}
