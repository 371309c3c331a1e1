using GpoPipeline.DecayScheduler.Consumers;
using MassTransit;

namespace GpoPipeline.Api.Champions;

/// <summary>
/// The decider retries as the scheduler's consumers do. Without it one store error while handling a run's end sent the
/// message to challenge-decider_error: no decision, the champion never promoted, the task's slot held. A redelivery is
/// safe: the decision is added once (keyed by the run) and a promotion finds the champion version it already wrote.
/// </summary>
public sealed class ChallengeDeciderDefinition : ConsumerDefinition<ChallengeDecider>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ChallengeDecider> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseStoreRetry();
}
