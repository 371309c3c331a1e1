namespace GpoPipeline.Llm.Tests;

/// <summary>Issue 18: the key is redacted as a whole token only, and a key too short to be secret is not redacted inside words.</summary>
public sealed class KeyRedaction_Specs
{
    [Fact]
    public void When_a_short_key_occurs_inside_words_Should_leave_the_text_readable()
    {
        Assert.Equal("model 'x-large' does not exist", ModelErrors.Redact("model 'x-large' does not exist", "x"));
    }

    [Fact]
    public void When_the_server_echoes_a_real_key_Should_redact_it_as_a_token()
    {
        const string key = "sk-proj-AbCdEf0123456789";

        var text = ModelErrors.Redact($"Incorrect API key provided: {key}. You can find your API key at …", key);

        Assert.Equal("Incorrect API key provided: [redacted]. You can find your API key at …", text);
    }

    [Fact]
    public void When_a_long_key_is_only_part_of_a_longer_token_Should_leave_that_token_alone()
    {
        Assert.Equal("id abcdefgh123 ok", ModelErrors.Redact("id abcdefgh123 ok", "abcdefgh"));
    }
}
