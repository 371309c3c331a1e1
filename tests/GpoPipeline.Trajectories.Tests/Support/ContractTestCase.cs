using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>
/// A contract test that is reported as skipped (NotExecuted, with the reason) when the suite's derived class
/// is marked <see cref="RequiresMongoDbAttribute"/> and no MongoDB can be had. The reason is recomputed
/// whenever the runner deserializes the case, so discovery and execution agree.
/// </summary>
public sealed class ContractTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes", error: true)]
    public ContractTestCase()
    {
    }

    public ContractTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var suite = TestMethod.TestClass.Class.ToRuntimeType();
        return suite?.GetCustomAttribute<RequiresMongoDbAttribute>() is not null && MongoDbAvailability.SkipReason is { } reason
            ? reason
            : base.GetSkipReason(factAttribute);
    }
}
