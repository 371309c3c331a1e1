using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.GridFS;

namespace GpoPipeline.Trajectories.Mongo;

/// <summary>
/// Content-addressed blobs (dataset splits) in MongoDB: a document per blob in <c>contents</c>, or a GridFS file
/// named by its hash when the blob is too large for one document (MongoDB's limit is 16 MB).
/// </summary>
internal sealed class MongoContentStore(IMongoDatabase database)
{
    /// <summary>Below MongoDB's 16 MB document limit with room for the document's own fields.</summary>
    public const int InlineLimit = 15 * 1024 * 1024;

    private readonly IMongoCollection<BsonDocument> contents = database.GetCollection<BsonDocument>("contents");
    private readonly GridFSBucket bucket = new(database, new GridFSBucketOptions { BucketName = "contents" });

    public async Task StoreAsync(string sha256, byte[] content, CancellationToken cancellationToken)
    {
        if (await GetAsync(sha256, cancellationToken) is not null)
        {
            return;
        }

        if (content.Length > InlineLimit)
        {
            // Two writers of one hash may both upload; either file holds the same bytes, so the first found is used.
            await bucket.UploadFromBytesAsync(sha256, content, cancellationToken: cancellationToken);
            return;
        }

        try
        {
            await contents.InsertOneAsync(new BsonDocument { ["_id"] = sha256, ["Content"] = content }, cancellationToken: cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            // Stored by another writer: same hash, same bytes.
        }
    }

    public async Task<byte[]?> GetAsync(string sha256, CancellationToken cancellationToken)
    {
        var document = await contents.Find(Builders<BsonDocument>.Filter.Eq("_id", sha256)).FirstOrDefaultAsync(cancellationToken);
        if (document is not null)
        {
            return document["Content"].AsByteArray;
        }

        var file = await (await bucket.FindAsync(Builders<GridFSFileInfo>.Filter.Eq(f => f.Filename, sha256), cancellationToken: cancellationToken))
            .FirstOrDefaultAsync(cancellationToken);
        return file is null ? null : await bucket.DownloadAsBytesAsync(file.Id, cancellationToken: cancellationToken);
    }
}
