using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace GpoPipeline.ServiceDefaults;

/// <summary>How a host reaches the bus (section <c>Messaging</c>).</summary>
public sealed partial class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>"RabbitMq" for the distributed stack, "InMemory" for the one-process embedded mode.</summary>
    [Required, RegularExpression("^(RabbitMq|InMemory)$", ErrorMessage = "Transport must be RabbitMq or InMemory.")]
    public string Transport { get; set; } = "RabbitMq";

    /// <summary>The broker; left unset, a local one (Development only: <see cref="UnsetRabbitMqUriProblem"/>).</summary>
    [Required]
    public Uri RabbitMqUri { get; set; } = new(LocalRabbitMqUri);

    /// <summary>The broker of a development machine (RabbitMQ's own default user), and of `gpo optimize --distributed` without --broker.</summary>
    public const string LocalRabbitMqUri = "amqp://guest:guest@localhost:5672/";

    /// <summary>
    /// Why a host must not run on the local default, or null. Outside Development an unset <see cref="RabbitMqUri"/> is
    /// a forgotten setting: the host connected to localhost as guest, which no deployment's broker answers, and retried
    /// forever without saying why.
    /// </summary>
    /// <param name="written">The setting as configured (null when unset).</param>
    public string? UnsetRabbitMqUriProblem(string? written, bool isDevelopment) =>
        IsInMemory || isDevelopment || !string.IsNullOrWhiteSpace(written)
            ? null
            : $"Setting '{Section}:{nameof(RabbitMqUri)}' is not set: expected an amqp:// or amqps:// URI such as amqp://user:password@rabbitmq:5672/ (only the Development environment falls back to the local broker, {LocalRabbitMqUri}).";

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
        // RabbitMQ.Client refuses user info with a second ':' ("Bad user info in AMQP URI: user:pa:ss", the password in
        // the clear) when a connection is first made, long after the start.
        { UserInfo: var userInfo } when userInfo.Count(c => c == ':') > 1 =>
            $"Setting '{Section}:{nameof(RabbitMqUri)}' is invalid: its user info has more than one ':'; write a ':' in the password as %3A.",
        // MassTransit takes the path for one virtual host and threw on more while the bus was built (exit 134).
        { Segments.Length: > 2 } =>
            $"Setting '{Section}:{nameof(RabbitMqUri)}' is invalid: its path has more than one segment; it names one virtual host, with a '/' in its name written as %2F.",
        // TLS is chosen by the scheme alone: the other one's port never answers the handshake, so the broker looked
        // "not answering yet" and the hosts retried forever.
        var uri when (uri.Scheme, uri.Port) is ("amqp", AmqpsPort) or ("amqps", AmqpPort) =>
            $"Setting '{Section}:{nameof(RabbitMqUri)}' is invalid: scheme '{uri.Scheme}' with port {uri.Port}, the port of {(uri.Scheme == "amqp" ? "amqps" : "amqp")}; use amqp:// with port {AmqpPort} or amqps:// with port {AmqpsPort} (TLS).",
        _ => null,
    };

    private const int AmqpPort = 5672;
    private const int AmqpsPort = 5671;

    /// <summary>
    /// Why <see cref="EndpointPrefix"/> cannot name queues and exchanges, or null. RabbitMQ's names allow letters,
    /// digits, '.', '_' and '-' here; anything else (a space, a '/') failed MassTransit's entity-name check while the bus
    /// was built, with a stack trace.
    /// </summary>
    public string? EndpointPrefixProblem() =>
        string.IsNullOrEmpty(EndpointPrefix) || EntityNameCharacters().IsMatch(EndpointPrefix)
            ? null
            : $"Setting '{Section}:{nameof(EndpointPrefix)}' is invalid: use only letters, digits, '.', '_' and '-' (such as gpo-prod).";

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex EntityNameCharacters();
}
