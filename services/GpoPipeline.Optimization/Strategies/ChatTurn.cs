namespace GpoPipeline.Optimization.Strategies;

/// <summary>One message sent to the optimizer model. Roles are "system", "user" and "assistant".</summary>
public sealed record ChatTurn(string Role, string Text)
{
    public static ChatTurn System(string text) => new("system", text);

    public static ChatTurn User(string text) => new("user", text);

    public static ChatTurn Assistant(string text) => new("assistant", text);
}
