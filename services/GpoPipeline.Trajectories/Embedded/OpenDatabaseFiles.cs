using System.Collections.Concurrent;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The LiteDB files this process has open. LiteDB lets one process open a file twice, and two stores on one file
/// each lock only themselves: increments are lost and duplicate keys slip through (seen in this project's tests).
/// </summary>
internal static class OpenDatabaseFiles
{
    private static readonly ConcurrentDictionary<string, byte> Paths = new(StringComparer.Ordinal);

    /// <param name="kind">What the file holds, as the error names it ("run store").</param>
    public static string Claim(string path, string kind = LiteDbRunStore.Kind)
    {
        var fullPath = StoreFilePath.Resolve(path); // one name per file, whatever link it was opened through
        if (!Paths.TryAdd(fullPath, 0))
        {
            throw new InvalidOperationException(
                $"The {kind} file '{fullPath}' is already open in this process; share the one store (AddRunStore and the control plane's registration each register a singleton) instead of opening it again.");
        }

        return fullPath;
    }

    public static void Release(string fullPath) => Paths.TryRemove(fullPath, out _);
}
