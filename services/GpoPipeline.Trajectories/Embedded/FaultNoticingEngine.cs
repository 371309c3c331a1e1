using LiteDB;
using LiteDB.Engine;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// LiteDB's engine, every call's error shown to the store's <see cref="StoreFaultMonitor"/> on its way to the caller:
/// whatever part of a store meets the engine closed (a caller's write, the write queue's commit, the content store's
/// upload), the store knows it is broken. The errors themselves pass unchanged (an exception filter that never catches).
/// </summary>
internal sealed class FaultNoticingEngine(ILiteEngine engine, StoreFaultMonitor faults) : ILiteEngine
{
    public int Checkpoint()
    {
        try { return engine.Checkpoint(); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public long Rebuild(RebuildOptions options)
    {
        try { return engine.Rebuild(options); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public bool BeginTrans()
    {
        try { return engine.BeginTrans(); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public bool Commit()
    {
        try { return engine.Commit(); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public bool Rollback()
    {
        try { return engine.Rollback(); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public IBsonDataReader Query(string collection, Query query)
    {
        try { return engine.Query(collection, query); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public int Insert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId)
    {
        try { return engine.Insert(collection, docs, autoId); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public int Update(string collection, IEnumerable<BsonDocument> docs)
    {
        try { return engine.Update(collection, docs); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public int UpdateMany(string collection, BsonExpression transform, BsonExpression predicate)
    {
        try { return engine.UpdateMany(collection, transform, predicate); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public int Upsert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId)
    {
        try { return engine.Upsert(collection, docs, autoId); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public int Delete(string collection, IEnumerable<BsonValue> ids)
    {
        try { return engine.Delete(collection, ids); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public int DeleteMany(string collection, BsonExpression predicate)
    {
        try { return engine.DeleteMany(collection, predicate); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public bool DropCollection(string name)
    {
        try { return engine.DropCollection(name); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public bool RenameCollection(string name, string newName)
    {
        try { return engine.RenameCollection(name, newName); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public bool EnsureIndex(string collection, string name, BsonExpression expression, bool unique)
    {
        try { return engine.EnsureIndex(collection, name, expression, unique); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public bool DropIndex(string collection, string name)
    {
        try { return engine.DropIndex(collection, name); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public BsonValue Pragma(string name) => engine.Pragma(name);

    public bool Pragma(string name, BsonValue value)
    {
        try { return engine.Pragma(name, value); }
        catch (Exception ex) when (faults.Notice(ex)) { throw; }
    }

    public void Dispose() => engine.Dispose();
}
