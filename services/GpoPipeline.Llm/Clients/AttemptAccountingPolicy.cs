using System.ClientModel.Primitives;

namespace GpoPipeline.Llm;

/// <summary>
/// Sees every HTTP attempt of the OpenAI SDK (per try, below our retries): counts it on the call's scope and keeps
/// what a provider bills that the client would otherwise never account — usage reported in an error body, and 200
/// answers whose body was cut off (billed, but the usage at its end is lost: issue 13 measured −3.6 % tokens).
/// </summary>
internal sealed class AttemptAccountingPolicy : PipelinePolicy
{
    public static AttemptAccountingPolicy Instance { get; } = new();

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        try
        {
            ProcessNext(message, pipeline, currentIndex);
        }
        finally
        {
            Observe(message);
        }
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        try
        {
            await ProcessNextAsync(message, pipeline, currentIndex);
        }
        finally
        {
            Observe(message);
        }
    }

    private static void Observe(PipelineMessage message)
    {
        if (CallScope.Current is not { } scope)
        {
            return;
        }

        scope.CountAttempt();
        // A reset connection has no response: nothing was delivered, so nothing is taken as billed.
        if (message.Response is not { } response || !message.BufferResponse)
        {
            return;
        }

        var body = response.Content.ToMemory().Span;
        var read = ReportedUsage.Read(body);
        if (response.Status == 200 && read.IsCompleteJson)
        {
            return; // the successful answer: its usage is read from the response itself
        }

        if (read.Usage is { } usage)
        {
            scope.AddBilled(usage.Input, usage.Output);
        }
        else if (response.Status == 200)
        {
            scope.AddCutOffReply(ReportedUsage.PartialContent(body));
        }
    }
}
