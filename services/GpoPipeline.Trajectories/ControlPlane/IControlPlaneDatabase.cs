namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>The control-plane store's port: named collections of documents (LiteDB file or MongoDB database).</summary>
public interface IControlPlaneDatabase
{
    /// <summary>The collection <paramref name="name"/>, with the <paramref name="indexes"/> its queries rest on (created when missing).</summary>
    IDocumentSet<T> Collection<T>(string name, params IReadOnlyList<DocumentIndex<T>> indexes)
        where T : class, IStoredDocument;
}
