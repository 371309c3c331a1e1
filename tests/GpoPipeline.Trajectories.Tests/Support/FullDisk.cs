namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>
/// A store whose disk is full for its log: the log file (LiteDbLog.PathFor) made a link to /dev/full, where every write
/// fails with ENOSPC ("No space left on device") as on a full disk, while reads find it empty. The store's file must
/// exist with its collections, so that opening it writes nothing. Compiled into the API's specs too (StoreLiveness_Specs).
/// </summary>
public static class FullDisk
{
    public const string Error = "No space left on device";

    /// <param name="logFile">The store's log file (LiteDbLog.PathFor of the store file: runs.db → runs-log.db).</param>
    public static void ForLog(string logFile) => File.CreateSymbolicLink(logFile, "/dev/full");

    /// <summary>Writes through <paramref name="write"/> until one fails (LiteDB's log writer fails in the background, so a
    /// later write is the one that hears it); the failure, or null if none came within 30 s.</summary>
    public static async Task<Exception?> WriteUntilFailureAsync(Func<int, Task> write)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            try
            {
                await write(i);
            }
            catch (Exception ex)
            {
                return ex;
            }

            await Task.Delay(20);
        }

        return null;
    }
}
