using System.Linq.Expressions;

namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>
/// An index a control-plane query rests on: its fields in order, each ascending (MongoDB walks it backwards for a
/// newest-first query). MongoDB builds one compound index; LiteDB, whose indexes hold one field each, indexes every field
/// and lets its query planner pick one.
/// </summary>
public sealed record DocumentIndex<T>(string Name, params IReadOnlyList<Expression<Func<T, object?>>> Fields)
    where T : class, IStoredDocument;
