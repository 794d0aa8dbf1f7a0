namespace TornPages.Storage;

/// <summary>One open file of a device. Not thread-safe: the engine is single-threaded.</summary>
public interface IStorageFile
{
    string Name { get; }

    FileClass Class { get; }

    long Length { get; }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; bytes past the end read as zero.</summary>
    void Read(long offset, Span<byte> buffer);

    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Makes every earlier write to this file durable (fdatasync).</summary>
    void Sync();

    /// <summary>Sets the length: shrinking truncates, growing preallocates zeros. Durable on return.</summary>
    void SetLength(long length);
}
