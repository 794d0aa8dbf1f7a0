using System.Diagnostics;

namespace TornPages.Storage;

/// <summary>
/// Base of every device's files: counts each call in <see cref="IoStats"/> under the file's class, so
/// no device can forget to count and the counts mean the same thing on every device. Time spent in
/// calls is measured only where it means something (<paramref name="timed"/>: real files); a
/// simulated device's time comes from its cost model, and its calls are not worth two clock reads each.
/// </summary>
public abstract class CountingFile(string name, FileClass fileClass, IoStats stats, bool timed = true) : IStorageFile
{
    public string Name { get; private set; } = name;
    public FileClass Class { get; } = fileClass;
    public abstract long Length { get; }

    public void Read(long offset, Span<byte> buffer)
    {
        long t0 = Now();
        ReadCore(offset, buffer);
        stats.CountRead(Class, buffer.Length, Now() - t0);
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        long t0 = Now();
        WriteCore(offset, data);
        stats.CountWrite(Class, data.Length, Now() - t0);
    }

    public void Sync()
    {
        long t0 = Now();
        SyncCore();
        stats.CountSync(Class, Now() - t0);
    }

    public abstract void SetLength(long length);

    private long Now() => timed ? Stopwatch.GetTimestamp() : 0;

    protected abstract void ReadCore(long offset, Span<byte> buffer);
    protected abstract void WriteCore(long offset, ReadOnlySpan<byte> data);
    protected abstract void SyncCore();

    internal void Renamed(string newName) => Name = newName;
}
