namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>Marks a contract suite whose tests skip, saying why, when <see cref="MongoDbAvailability"/> finds no MongoDB.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresMongoDbAttribute : Attribute;
