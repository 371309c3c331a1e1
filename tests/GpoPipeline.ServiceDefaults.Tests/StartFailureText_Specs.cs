using GpoPipeline.ServiceDefaults;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>A start's failure in one line never repeats a secret, however the message that carried it wrote it.</summary>
public sealed class StartFailureText_Specs
{
    [Theory]
    [InlineData("login to db failed (Server=db;User Id=gpo;Password=s3cret;)", "Password=***;")]
    [InlineData("refused: Password: s3cret for user gpo", "Password: ***")]
    [InlineData("bad settings {\"user\":\"gpo\",\"password\":\"s3cret\"}", "\"password\":\"***\"")]
    [InlineData("GET /v1/runs?access_token=s3cret&page=2 answered 401", "access_token=***&")]
    [InlineData("the endpoint said: Authorization: Bearer s3cret.abc is not valid", "Bearer ***")]
    [InlineData("Incorrect API key provided: sk-proj-s3cret1234567890. You can find your API key at …", "sk-***")]
    [InlineData("No answer from amqp://gpo:s3cret@rabbitmq:5672/", "amqp://gpo:***@rabbitmq")]
    public void When_a_message_carries_a_secret_Should_say_the_rest_without_it(string message, string expected)
    {
        var text = StartFailureText.Of(new InvalidOperationException(message));

        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_message_carries_no_secret_Should_keep_it_whole()
    {
        const string message = "Connection refused (db:27017); the token bucket is empty";

        Assert.Equal($"InvalidOperationException: {message}", StartFailureText.Of(new InvalidOperationException(message)));
    }
}
