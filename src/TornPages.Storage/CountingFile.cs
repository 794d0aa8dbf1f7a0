using System.Diagnostics;

namespace TornPages.Storage;

/// <summary>
/// Base of every device's files: counts each call in <see cref="IoStats"/> under the file's class, so
/// no device can forget to count and the counts mean the same thing on every device.
/// </summary>
public abstract class CountingFile(string name, FileClass fileClass, IoStats stats) : IStorageFile
{
    public string Name { get; private set; } = name;
    public FileClass Class { get; } = fileClass;
    public abstract long Length { get; }

    public void Read(long offset, Span<byte> buffer)
    {
        long t0 = Stopwatch.GetTimestamp();
        ReadCore(offset, buffer);
        stats.CountRead(Class, buffer.Length, Stopwatch.GetTimestamp() - t0);
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        long t0 = Stopwatch.GetTimestamp();
        WriteCore(offset, data);
        stats.CountWrite(Class, data.Length, Stopwatch.GetTimestamp() - t0);
    }

    public void Sync()
    {
        long t0 = Stopwatch.GetTimestamp();
        SyncCore();
        stats.CountSync(Class, Stopwatch.GetTimestamp() - t0);
    }

    public abstract void SetLength(long length);

    protected abstract void ReadCore(long offset, Span<byte> buffer);
    protected abstract void WriteCore(long offset, ReadOnlySpan<byte> data);
    protected abstract void SyncCore();

    internal void Renamed(string newName) => Name = newName;
}
