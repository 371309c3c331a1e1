using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// Content-addressed blobs (dataset splits) in the embedded store: a document per blob in <c>contents</c>, or a
/// LiteDB file (stored in chunks) named by its hash when the blob is too large for one document — LiteDB refuses
/// documents above ~16 MB, as MongoDB does (see <c>MongoContentStore</c>, its GridFS twin).
/// </summary>
internal sealed class LiteDbContentStore
{
    /// <summary>Below LiteDB's document limit (16,683,050 bytes) with room for the document's own fields.</summary>
    public const int InlineLimit = 15 * 1024 * 1024;

    public static readonly string[] Collections = ["contents", "contentFiles", "contentChunks"];

    private readonly ILiteCollection<BsonDocument> contents;
    private readonly ILiteStorage<string> files;
    private readonly Lock gate;

    public LiteDbContentStore(LiteDatabase database, Lock gate)
    {
        ArgumentNullException.ThrowIfNull(database);
        contents = database.GetCollection("contents");
        files = database.GetStorage<string>("contentFiles", "contentChunks");
        this.gate = gate;
    }

    public void Store(string sha256, byte[] content)
    {
        lock (gate)
        {
            if (contents.FindById(sha256) is not null || files.Exists(sha256))
            {
                return;
            }

            if (content.Length > InlineLimit)
            {
                using var stream = new MemoryStream(content, writable: false);
                files.Upload(sha256, sha256, stream);
                return;
            }

            contents.Insert(new BsonDocument { ["_id"] = sha256, ["Content"] = content });
        }
    }

    public byte[]? Get(string sha256)
    {
        if (contents.FindById(sha256)?["Content"].AsBinary is { } inline)
        {
            return inline;
        }

        lock (gate)
        {
            if (!files.Exists(sha256))
            {
                return null;
            }

            using var stream = new MemoryStream();
            files.Download(sha256, stream);
            return stream.ToArray();
        }
    }
}
