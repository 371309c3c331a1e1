namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>The control-plane store's port: named collections of documents (LiteDB file or MongoDB database).</summary>
public interface IControlPlaneDatabase
{
    IDocumentSet<T> Collection<T>(string name)
        where T : class, IStoredDocument;
}
