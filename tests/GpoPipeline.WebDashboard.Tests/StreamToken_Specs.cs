using GpoPipeline.Api.Dashboard;

namespace GpoPipeline.WebDashboard.Tests;

public sealed class StreamToken_Specs
{
    private const string KeyId = "0123456789ab";
    private const string Hash = "5f2b6a0e6c1d4f3a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void When_a_token_is_checked_before_it_expires_Should_be_valid_and_name_its_key()
    {
        var token = StreamToken.Issue(KeyId, Hash, Now + StreamToken.Lifetime);

        Assert.True(StreamToken.IsValid(token, Hash, Now));
        Assert.True(StreamToken.TryReadKeyId(token, out var id));
        Assert.Equal(KeyId, id);
        Assert.DoesNotContain(Hash, token, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_token_expired_or_was_altered_or_its_key_changed_Should_be_refused()
    {
        var token = StreamToken.Issue(KeyId, Hash, Now + StreamToken.Lifetime);
        var later = token.Replace($"_{(Now + StreamToken.Lifetime).ToUnixTimeSeconds()}_", $"_{(Now + TimeSpan.FromDays(9)).ToUnixTimeSeconds()}_", StringComparison.Ordinal);

        Assert.False(StreamToken.IsValid(token, Hash, Now + StreamToken.Lifetime));
        Assert.False(StreamToken.IsValid(later, Hash, Now));
        Assert.False(StreamToken.IsValid(token, Hash.Replace('5', '6'), Now));
        Assert.False(StreamToken.IsValid("gpo_0123456789ab_secret", Hash, Now));
        Assert.False(StreamToken.TryReadKeyId("gst_zz_1_2", out _));
    }
}
