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

    private readonly LiteDatabase database;
    private readonly ILiteCollection<BsonDocument> contents;
    private readonly ILiteCollection<BsonDocument> chunks;
    private readonly ILiteStorage<string> files;
    private readonly Lock gate;

    public LiteDbContentStore(LiteDatabase database, Lock gate)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        contents = database.GetCollection("contents");
        chunks = database.GetCollection("contentChunks");
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
                Upload(sha256, content);
                return;
            }

            contents.Insert(new BsonDocument { ["_id"] = sha256, ["Content"] = content });
        }
    }

    /// <summary>
    /// LiteDB 5.0.20 writes each 255 KB chunk in a transaction of its own and the file's document last, so a process
    /// killed mid-upload left chunks without a file: the file did not exist, and every later upload of it failed on the
    /// duplicate key of chunk 0 (the dataset could never be stored again). Such leftover chunks are deleted first, and
    /// the upload is one transaction, so a crash now leaves nothing behind. LiteDB's transactions are per thread: the
    /// caller's, held with the gate, which no other caller of this store enters meanwhile.
    /// </summary>
    private void Upload(string sha256, byte[] content)
    {
        var ownTransaction = database.BeginTrans(); // false if this thread runs one already: the upload is then part of it
        try
        {
            chunks.DeleteMany("_id BETWEEN { f: @0, n: 0 } AND { f: @0, n: @1 }", sha256, int.MaxValue);
            using (var stream = new MemoryStream(content, writable: false))
            {
                files.Upload(sha256, sha256, stream);
            }

            if (ownTransaction)
            {
                database.Commit();
            }
        }
        catch when (ownTransaction)
        {
            RollBack();
            throw;
        }
    }

    private void RollBack()
    {
        try
        {
            database.Rollback();
        }
        catch (Exception)
        {
            // Nothing to undo if the engine is gone; the upload's own failure is the one its caller must hear.
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
