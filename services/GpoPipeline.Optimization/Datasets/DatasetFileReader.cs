using System.Globalization;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// Reads a dataset file only when it is an ordinary file of a bounded size. A path may come from a message (a StartRun
/// without its dataset names one): <c>/dev/zero</c> read toward 2 GB before failing, and a pipe waits for a writer as
/// soon as it is opened. The size is the file system's, links followed: devices, pipes and sockets report none, so a
/// file that reports no bytes is never opened, and one above <see cref="MaxBytes"/> is refused before it is read.
/// </summary>
public static class DatasetFileReader
{
    /// <summary>Largest dataset file read: 64 MiB, four times what a dataset version of the control plane may hold.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <returns>The bytes the file reports (0 for an empty file, and for a device, pipe or socket).</returns>
    /// <exception cref="DatasetException">The file is larger than <see cref="MaxBytes"/>.</exception>
    public static long CheckedSize(string path)
    {
        FileSystemInfo file = new FileInfo(path);
        var target = file.ResolveLinkTarget(returnFinalTarget: true) ?? file;
        var size = target is FileInfo { Exists: true } info ? info.Length : 0;
        return size <= MaxBytes
            ? size
            : throw new DatasetException(path, 0, string.Create(
                CultureInfo.InvariantCulture, $"the file has {size:N0} bytes; a dataset file may have at most {MaxBytes:N0} (64 MiB)."));
    }

    /// <returns>The file's bytes; none, without opening it, for a file that reports no size (see <see cref="CheckedSize"/>).</returns>
    /// <exception cref="DatasetException">The file is too large, or it changed while it was read.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        var size = CheckedSize(path);
        if (size == 0)
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var bytes = new byte[size];
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        return read == bytes.Length && stream.ReadByte() < 0
            ? bytes
            : throw new DatasetException(path, 0, "the file changed while it was read; read it again when it is written.");
    }
}
