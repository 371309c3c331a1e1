namespace GpoPipeline.Testing;

/// <summary>
/// A private RabbitMQ node with the least-privilege users compose gives the services (compose/rabbitmq/users.sh), all
/// with one password, so a spec can connect as any service.
/// </summary>
public static class ComposeBrokerUsers
{
    private const string VirtualHost = "gpo";
    private const string Password = "s3cret-of-the-spec";
    private static readonly string[] Users = ["SCORING", "DIRECTION_RETRIEVAL", "PROMPT_GENERATION", "SCHEDULER", "API", "ADMIN"];

    public static async Task<PrivateRabbitMqNode> StartNodeAsync()
    {
        var node = await PrivateRabbitMqNode.StartAsync();
        await node.RunScriptAsync(Path.Combine(RepoPaths.Root, "compose", "rabbitmq", "users.sh"),
            Users.ToDictionary(user => $"GPO_RABBITMQ_{user}_PASSWORD", _ => Password));
        return node;
    }

    /// <summary>The node's address as <paramref name="user"/> (a name of users.sh: "api", "decay-scheduler", "admin", …).</summary>
    public static Uri UriAs(this PrivateRabbitMqNode node, string user)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.UriFor(user, Password, VirtualHost);
    }
}
