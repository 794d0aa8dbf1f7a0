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
    private readonly CauseCounters[] _byCause = new CauseCounters[IoCauses.Count];

    public ref readonly ClassCounters this[FileClass c] => ref _byClass[(int)c];

    /// <summary>Writes and syncs by why they were made (<see cref="IoCauses"/>); they sum to the totals.</summary>
    public ref readonly CauseCounters this[IoCause c] => ref _byCause[(int)c];

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
        ref var why = ref _byCause[(int)IoCauses.For(c)];
        Interlocked.Increment(ref why.Writes);
        Interlocked.Add(ref why.WriteBytes, bytes);
    }

    internal void CountSync(FileClass c, long ticks)
    {
        ref var k = ref _byClass[(int)c];
        Interlocked.Increment(ref k.Syncs);
        if (ticks != 0) Interlocked.Add(ref k.SyncTicks, ticks);
        Interlocked.Increment(ref _byCause[(int)IoCauses.For(c)].Syncs);
    }

    /// <summary>A copy of the current counters, for differences between two moments of a run.</summary>
    public IoStats Snapshot()
    {
        var s = new IoStats();
        _byClass.CopyTo(s._byClass, 0);
        _byCause.CopyTo(s._byCause, 0);
        return s;
    }

    /// <summary>What was counted since <paramref name="start"/> (a snapshot of these counters taken earlier).</summary>
    public IoStats Since(IoStats start)
    {
        var d = Snapshot();
        for (int i = 0; i < d._byClass.Length; i++) d._byClass[i] = d._byClass[i].Minus(start._byClass[i]);
        for (int i = 0; i < d._byCause.Length; i++) d._byCause[i] = d._byCause[i].Minus(start._byCause[i]);
        return d;
    }

    public void Reset()
    {
        Array.Clear(_byClass);
        Array.Clear(_byCause);
    }

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

public struct CauseCounters
{
    public long Writes;
    public long WriteBytes;
    public long Syncs;

    public readonly CauseCounters Minus(in CauseCounters start) => new()
    {
        Writes = Writes - start.Writes, WriteBytes = WriteBytes - start.WriteBytes, Syncs = Syncs - start.Syncs,
    };
}
