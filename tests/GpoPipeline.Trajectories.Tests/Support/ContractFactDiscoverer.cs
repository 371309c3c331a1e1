using Xunit.Abstractions;
using Xunit.Sdk;

namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>Turns each <see cref="ContractFactAttribute"/> method into a <see cref="ContractTestCase"/>.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
    [
        new ContractTestCase(
            diagnosticMessageSink,
            discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod),
    ];
}
