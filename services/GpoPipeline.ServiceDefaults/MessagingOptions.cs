using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.ServiceDefaults;

/// <summary>How a host reaches the bus (section <c>Messaging</c>).</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>"RabbitMq" for the distributed stack, "InMemory" for the one-process embedded mode.</summary>
    [Required, RegularExpression("^(RabbitMq|InMemory)$", ErrorMessage = "Transport must be RabbitMq or InMemory.")]
    public string Transport { get; set; } = "RabbitMq";

    [Required]
    public Uri RabbitMqUri { get; set; } = new("amqp://guest:guest@localhost:5672/");

    /// <summary>Messages a receive endpoint fetches ahead (RabbitMQ prefetch).</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 32;

    /// <summary>Prefix of every queue name; lets several deployments (or test runs) share one broker.</summary>
    public string? EndpointPrefix { get; set; }

    /// <summary>Verification of the broker's certificate when <see cref="RabbitMqUri"/> is <c>amqps://</c> (docs/broker-security.md).</summary>
    public BrokerTlsOptions Tls { get; set; } = new();

    public bool UsesTls => !IsInMemory && string.Equals(RabbitMqUri.Scheme, "amqps", StringComparison.OrdinalIgnoreCase);

    public bool IsInMemory => string.Equals(Transport, "InMemory", StringComparison.OrdinalIgnoreCase);
}
