using GpoPipeline.Llm;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Scoring.Consumers;

public sealed class ScoreBatchConsumerDefinition : ConsumerDefinition<ScoreBatchConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ScoreBatchConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        var options = context.GetRequiredService<IOptions<ScoringOptions>>().Value;
        endpointConfigurator.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
        // Prefetch no more than this process works on: messages prefetched by a busy scorer are invisible to idle
        // ones, which kills scale-out (measured: 1, 2 and 4 scorers gave the same throughput with prefetch 32).
        endpointConfigurator.PrefetchCount = options.ConcurrentMessageLimit;
        endpointConfigurator.UseModelCallRetry();
    }
}
