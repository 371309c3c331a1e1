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

    /// <summary>
    /// How messages are sent: <see cref="MessageWireFormat.Raw"/> (the default) or <see cref="MessageWireFormat.Envelope"/>,
    /// for a rolling upgrade while hosts of a version before raw JSON still consume. Every host reads both.
    /// </summary>
    public MessageWireFormat WireFormat { get; set; } = MessageWireFormat.Raw;

    /// <summary>
    /// What is wrong with <see cref="WireFormat"/> as written, or null. The binder also takes a number (<c>2</c>) or a
    /// list of names (<c>Raw,Envelope</c>, which it reads as Envelope): only one of the names is a wire format.
    /// </summary>
    public static string? WireFormatProblem(string? written) =>
        written is null || Enum.GetNames<MessageWireFormat>().Contains(written.Trim(), StringComparer.OrdinalIgnoreCase)
            ? null
            : $"Setting '{Section}:{nameof(WireFormat)}' is invalid: '{written}' is not one of {string.Join(", ", Enum.GetNames<MessageWireFormat>())}.";

    /// <summary>Prefix of every queue name; lets several deployments (or test runs) share one broker.</summary>
    public string? EndpointPrefix { get; set; }

    /// <summary>Verification of the broker's certificate when <see cref="RabbitMqUri"/> is <c>amqps://</c> (docs/broker-security.md).</summary>
    public BrokerTlsOptions Tls { get; set; } = new();

    public bool UsesTls => !IsInMemory && string.Equals(RabbitMqUri.Scheme, "amqps", StringComparison.OrdinalIgnoreCase);

    public bool IsInMemory => string.Equals(Transport, "InMemory", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why <see cref="RabbitMqUri"/> cannot address a broker, or null. The value itself is never repeated: it may carry
    /// a password. Checked while the bus is configured, before option validation could run: a relative URI or an
    /// http:// one aborted every service there (exit 134).
    /// </summary>
    public string? RabbitMqUriProblem() => RabbitMqUri switch
    {
        _ when IsInMemory => null,
        null => $"Setting '{Section}:{nameof(RabbitMqUri)}' is missing; expected an amqp:// or amqps:// URI such as amqp://user:password@host:5672/.",
        { IsAbsoluteUri: false } => $"Setting '{Section}:{nameof(RabbitMqUri)}' is invalid: not an absolute URI; expected an amqp:// or amqps:// URI such as amqp://user:password@host:5672/.",
        { Scheme: not ("amqp" or "amqps") } uri => $"Setting '{Section}:{nameof(RabbitMqUri)}' is invalid: the scheme is '{uri.Scheme}'; expected an amqp:// or amqps:// URI such as amqp://user:password@host:5672/.",
        _ => null,
    };
}
