using System.Text;
using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The embedded store's memo (DESIGN §3: per example, model settings + prompt + example → answer, score, usage): the
/// answers recorded together (a scorer reply's batch) are one document, a <em>page</em>, in the <c>memo</c>
/// collection, found through <see cref="MemoLocator"/>. One answer per document, keyed by its SHA-256 memo key, put 8
/// random keys into LiteDB's <c>_id</c> skip list per reply, each touching index pages all over the file: applying and
/// committing those inserts was ~1.5 ms of the store's one writer thread per reply, the bound of P3 (BENCHMARKS.md,
/// "Where P3's zero-cost time goes"). A page is one insert at the end of an auto-numbered index.
/// <para>
/// Files written before pages keep their answers in <c>examples</c>, one document per key; they are read from there
/// (no migration, nothing rewritten) and every new answer goes to a page.
/// </para>
/// </summary>
internal sealed class LiteDbMemo
{
    public const string PagesCollection = "memo";
    private const string UnpagedCollection = "examples";
    private const string ResultsField = "Results";
    private const string KeyField = nameof(ExampleResultRecord.Key);

    // A page stays far under LiteDB's 16 MB document limit however many answers one call records.
    private const int MaxPageBytes = 1 << 20;
    private const int MaxPageAnswers = 256;

    private readonly ILiteCollection<BsonDocument> pages;
    private readonly ILiteCollection<BsonDocument> unpaged;
    private readonly BsonMapper mapper;
    private readonly StringComparer keys;
    private readonly MemoLocator locator;
    private long queries;

    /// <param name="keyComparer">How keys compare: as the <c>_id</c> index of the unpaged answers compares them.</param>
    public LiteDbMemo(LiteDatabase database, BsonMapper mapper, StringComparer keyComparer)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(mapper);
        ArgumentNullException.ThrowIfNull(keyComparer);
        pages = database.GetCollection(PagesCollection, BsonAutoId.Int32);
        unpaged = database.GetCollection(UnpagedCollection);
        this.mapper = mapper;
        keys = keyComparer;
        locator = new MemoLocator(keyComparer);
        Locate();
    }

    /// <summary>How many memo look-ups read the file (for specs: a key never stored must cost none).</summary>
    public long Queries => Interlocked.Read(ref queries);

    /// <summary>The stored answers of <paramref name="asked"/> by key, each as its stored document.</summary>
    public Dictionary<string, BsonDocument> Find(IReadOnlyCollection<string> asked)
    {
        ArgumentNullException.ThrowIfNull(asked);
        var found = new Dictionary<string, BsonDocument>(keys);
        var wanted = asked.ToHashSet(keys);
        var where = locator.Locate(wanted);
        if (where.IsEmpty)
        {
            return found;
        }

        Interlocked.Increment(ref queries);
        // Values go in as parameters, never into the expression text: LiteDB compiles each distinct text into a
        // delegate it keeps for the life of the process.
        if (where.UnpagedKeys.Count > 0)
        {
            var ids = new BsonArray(where.UnpagedKeys.Distinct(keys).Select(key => new BsonValue(key)));
            foreach (var document in unpaged.Find(BsonExpression.Create("_id IN @0", ids)))
            {
                found.TryAdd(document["_id"].AsString, document);
            }
        }

        if (where.Pages.Count > 0)
        {
            var ids = new BsonArray(where.Pages.Select(page => new BsonValue(page)));
            foreach (var page in pages.Find(BsonExpression.Create("_id IN @0", ids)))
            {
                foreach (var answer in page[ResultsField].AsArray.Select(value => value.AsDocument))
                {
                    if (wanted.Contains(answer[KeyField].AsString))
                    {
                        found.TryAdd(answer[KeyField].AsString, answer);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Stores the answers of <paramref name="results"/> whose keys are not stored yet, in pages. Only on the write
    /// queue's one thread (<see cref="LiteDbWriteQueue"/>), inside its transaction: the look-up before the insert then
    /// sees every insert before it, so a key is never stored twice.
    /// </summary>
    /// <returns>The keys stored now (a key repeated in <paramref name="results"/> is stored once, from its first copy).</returns>
    public HashSet<string> Insert(IReadOnlyList<ExampleResultRecord> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var known = Find([.. results.Select(r => r.Key)]);
        var added = new HashSet<string>(keys);
        var page = new List<ExampleResultRecord>();
        var pageBytes = 0;
        foreach (var result in results)
        {
            // A key repeats within one reply when a dataset holds the same example twice: the first copy is new.
            if (known.ContainsKey(result.Key) || !added.Add(result.Key))
            {
                continue;
            }

            var bytes = EstimatedBytes(result);
            if (page.Count > 0 && (page.Count == MaxPageAnswers || pageBytes + bytes > MaxPageBytes))
            {
                Write(page);
                page = [];
                pageBytes = 0;
            }

            page.Add(result);
            pageBytes += bytes;
        }

        if (page.Count > 0)
        {
            Write(page);
        }

        return added;
    }

    /// <summary>The record of a document <see cref="Find"/> returned, under the caller's key (whatever case the stored one has).</summary>
    public ExampleResultRecord ToResult(string key, BsonDocument document)
    {
        var record = mapper.ToObject<ExampleResultRecord>(document);
        record.Key = key;
        return record;
    }

    private void Write(List<ExampleResultRecord> answers)
    {
        var page = new BsonDocument { [ResultsField] = new BsonArray(answers.Select(mapper.ToDocument)) };
        var id = pages.Insert(page).AsInt32;
        locator.Add(answers.Select(answer => answer.Key), id); // before the commit: every committed key is located
    }

    private static int EstimatedBytes(ExampleResultRecord result) =>
        Encoding.UTF8.GetMaxByteCount(result.Key.Length + result.Answer.Length) + 128;

    /// <summary>Every key in the file: unpaged ones from the <c>_id</c> index alone, paged ones from their pages' keys.</summary>
    private void Locate()
    {
        var unpagedKeys = unpaged.Query().Select("_id").ToDocuments().Select(d => d["_id"]).Where(id => id.IsString).Select(id => id.AsString);
        locator.Add(unpagedKeys, MemoLocator.Unpaged);
        foreach (var page in pages.Query().Select($"{{ id: _id, keys: {ResultsField}[*].{KeyField} }}").ToDocuments())
        {
            locator.Add(page["keys"].AsArray.Select(key => key.AsString), page["id"].AsInt32);
        }
    }
}
