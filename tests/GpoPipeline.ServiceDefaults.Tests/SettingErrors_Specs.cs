using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>
/// A setting that does not parse is said in one line naming it and what was expected; the failures come from the real
/// configuration binder, so a change of its wording fails here, not in a user's terminal.
/// </summary>
public sealed class SettingErrors_Specs
{
    public enum Mode
    {
        Fast,
        Careful,
    }

    [Theory]
    [InlineData(nameof(Sample.Limit), "abc", "Setting 'Sample:Limit' is invalid: 'abc' is not a whole number.")]
    [InlineData(nameof(Sample.Rate), "half", "Setting 'Sample:Rate' is invalid: 'half' is not a number such as 0.5.")]
    [InlineData(nameof(Sample.Enabled), "maybe", "Setting 'Sample:Enabled' is invalid: 'maybe' is not true or false.")]
    [InlineData(nameof(Sample.Mode), "Sloppy", "Setting 'Sample:Mode' is invalid: 'Sloppy' is not one of Fast, Careful.")]
    [InlineData(nameof(Sample.Timeout), "soon", "Setting 'Sample:Timeout' is invalid: 'soon' is not a time span such as 00:00:30.")]
    [InlineData(nameof(Sample.BrokerUri), "amqps://scoring:s3cret@broker:notaport/", "Setting 'Sample:BrokerUri' is invalid: its value is not a URI.")]
    [InlineData(nameof(Sample.ApiKey), "s3cret", "Setting 'Sample:ApiKey' is invalid: its value is not a whole number.")]
    public void When_a_value_does_not_convert_Should_name_the_setting_and_what_is_expected(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Sample:{key}"] = value }).Build();
        var failure = Assert.ThrowsAny<InvalidOperationException>(() => configuration.GetSection("Sample").Get<Sample>());

        Assert.Equal(expected, SettingErrors.Explain(failure));
    }

    [Fact]
    public void When_options_fail_validation_or_a_message_names_a_setting_Should_pass_the_message_on()
    {
        var validation = new OptionsValidationException("Sample", typeof(Sample), ["Setting 'Sample:Limit' is invalid: The field Limit must be between 1 and 9."]);
        var own = new DirectoryNotFoundException("Setting 'Simulator:DataRoot' is invalid: '/x' does not exist.");

        Assert.Equal(validation.Message, SettingErrors.Explain(validation));
        Assert.Equal(own.Message, SettingErrors.Explain(own));
        Assert.Equal($"{validation.Message}{Environment.NewLine}{own.Message}", SettingErrors.Explain(new AggregateException(validation, own)));
    }

    [Fact]
    public void When_a_failure_is_not_about_a_setting_Should_not_explain_it_away()
    {
        Assert.Null(SettingErrors.Explain(new InvalidOperationException("Sequence contains no elements")));
        Assert.Null(SettingErrors.Explain(new AggregateException(new OptionsValidationException("S", typeof(Sample), ["bad"]), new FormatException("unrelated"))));
    }

    public sealed class Sample
    {
        public int Limit { get; set; }

        public double Rate { get; set; }

        public bool Enabled { get; set; }

        public Mode Mode { get; set; }

        public TimeSpan Timeout { get; set; }

        public Uri? BrokerUri { get; set; } // may carry a password: its value is never repeated

        public int ApiKey { get; set; }
    }
}
