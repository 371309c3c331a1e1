namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>A fresh LiteDB file path in its own temp folder; the folder (with LiteDB's -log file) goes on dispose.</summary>
public sealed class TemporaryDatabaseFile : IDisposable
{
    public TemporaryDatabaseFile()
    {
        Folder = Directory.CreateTempSubdirectory("gpo-store-").FullName;
        Path = System.IO.Path.Combine(Folder, "runs.db");
    }

    public string Folder { get; }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
