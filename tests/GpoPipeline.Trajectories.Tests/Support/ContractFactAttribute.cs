using Xunit.Sdk;

namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>
/// A fact of the shared store contract. xUnit 2 cannot skip at run time and an attribute on the abstract suite
/// cannot know which adapter runs it, so the discoverer decides per derived class (see <see cref="ContractTestCase"/>).
/// </summary>
[XunitTestCaseDiscoverer("GpoPipeline.Trajectories.Tests.Support.ContractFactDiscoverer", "GpoPipeline.Trajectories.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContractFactAttribute : FactAttribute;
