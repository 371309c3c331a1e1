using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Security;

/// <summary>
/// The stored records behind a key id as /v1/keys lists it. Ids are lower-case since they were made canonical, but a
/// configured key stored before keeps the upper-case id it was written with, and on MongoDB (ids compared exactly) the
/// lower-case record installed since sits beside it: one key, listed twice.
/// </summary>
public static class KeyListings
{
    /// <summary>
    /// The record listed under <paramref name="id"/> (exactly that id, else its lower-case form, else the one equal to
    /// it ignoring case), then the other records of the same key (its id in another case, the same secret), or none.
    /// Revoking by a listed id must revoke the record listed, and the key too, whichever of its listings authenticates.
    /// </summary>
    public static IReadOnlyList<ApiKeyRecord> SameKey(IReadOnlyList<ApiKeyRecord> sameIdAnyCase, string id)
    {
        ArgumentNullException.ThrowIfNull(sameIdAnyCase);
        var canonical = ApiKeySecret.CanonicalId(id);
        var listed = sameIdAnyCase.FirstOrDefault(k => k.Id == id)
            ?? sameIdAnyCase.FirstOrDefault(k => k.Id == canonical)
            ?? (sameIdAnyCase.Count > 0 ? sameIdAnyCase[0] : null);
        return listed is null ? [] : [listed, .. sameIdAnyCase.Where(k => k != listed && k.SecretHash == listed.SecretHash)];
    }
}
