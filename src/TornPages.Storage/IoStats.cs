using System.Diagnostics;

namespace TornPages.Storage;

/// <summary>
/// Counters of device calls, split by <see cref="FileClass"/>. Calls come from the engine thread and
/// from an I/O thread (group commit's WAL sync, a checkpoint's data sync) at once, so each counter is
/// added to atomically.
/// </summary>
public sealed class IoStats
{
    private readonly ClassCounters[] _byClass = new ClassCounters[FileClasses.Count];

    public ref readonly ClassCounters this[FileClass c] => ref _byClass[(int)c];

    public long TotalWriteBytes => Sum(static c => c.WriteBytes);
    public long TotalWrites => Sum(static c => c.Writes);
    public long TotalSyncs => Sum(static c => c.Syncs);
    public long TotalReadBytes => Sum(static c => c.ReadBytes);

    internal void CountRead(FileClass c, int bytes, long ticks)
    {
        ref var k = ref _byClass[(int)c];
        Interlocked.Increment(ref k.Reads);
        Interlocked.Add(ref k.ReadBytes, bytes);
        if (ticks != 0) Interlocked.Add(ref k.ReadTicks, ticks);
    }

    internal void CountWrite(FileClass c, int bytes, long ticks)
    {
        ref var k = ref _byClass[(int)c];
        Interlocked.Increment(ref k.Writes);
        Interlocked.Add(ref k.WriteBytes, bytes);
        if (ticks != 0) Interlocked.Add(ref k.WriteTicks, ticks);
    }

    internal void CountSync(FileClass c, long ticks)
    {
        ref var k = ref _byClass[(int)c];
        Interlocked.Increment(ref k.Syncs);
        if (ticks != 0) Interlocked.Add(ref k.SyncTicks, ticks);
    }

    /// <summary>A copy of the current counters, for differences between two moments of a run.</summary>
    public IoStats Snapshot()
    {
        var s = new IoStats();
        _byClass.CopyTo(s._byClass, 0);
        return s;
    }

    /// <summary>What was counted since <paramref name="start"/> (a snapshot of these counters taken earlier).</summary>
    public IoStats Since(IoStats start)
    {
        var d = Snapshot();
        for (int i = 0; i < d._byClass.Length; i++) d._byClass[i] = d._byClass[i].Minus(start._byClass[i]);
        return d;
    }

    public void Reset() => Array.Clear(_byClass);

    private long Sum(Func<ClassCounters, long> f)
    {
        long total = 0;
        foreach (var c in _byClass) total += f(c);
        return total;
    }
}

public struct ClassCounters
{
    public long Reads;
    public long ReadBytes;
    public long Writes;
    public long WriteBytes;
    public long Syncs;
    public long ReadTicks;
    public long WriteTicks;
    public long SyncTicks;

    public readonly ClassCounters Minus(in ClassCounters start) => new()
    {
        Reads = Reads - start.Reads, ReadBytes = ReadBytes - start.ReadBytes, Writes = Writes - start.Writes,
        WriteBytes = WriteBytes - start.WriteBytes, Syncs = Syncs - start.Syncs, ReadTicks = ReadTicks - start.ReadTicks,
        WriteTicks = WriteTicks - start.WriteTicks, SyncTicks = SyncTicks - start.SyncTicks,
    };

    public readonly double SyncSeconds => (double)SyncTicks / Stopwatch.Frequency;
    public readonly double WriteSeconds => (double)WriteTicks / Stopwatch.Frequency;
}
