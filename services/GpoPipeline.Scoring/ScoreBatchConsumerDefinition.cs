using GpoPipeline.Llm;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Scoring;

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
        // Transient model failures were already retried by the client; a redelivery replays cached answers.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<BudgetExhaustedException>();
            retry.Ignore<ModelCallException>(error => !error.IsTransient); // 401/400/404: fix the configuration
            retry.Exponential(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300));
        });
    }
}
