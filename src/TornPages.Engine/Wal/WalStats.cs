namespace TornPages.Engine.Wal;

/// <summary>WAL volume, counted where records are inserted.</summary>
public sealed class WalStats
{
    /// <summary>LSN advance: everything the records occupy in the stream, page headers and padding included.</summary>
    public long Bytes;
    public long Records;
    /// <summary>Record bytes other than full-page images.</summary>
    public long RecordBytes;
    public long FpiBytes;
    public long FpiCount;
    public long HeapFpiBytes;
    public long HeapFpiCount;
    /// <summary>Heap images carried by layout-changing records (prune, vacuum).</summary>
    public long HeapFpiOnCompactingCount;
    public long IndexFpiBytes;
    public long IndexFpiCount;
    public long Flushes;

    public WalStats Snapshot() => (WalStats)MemberwiseClone();

    /// <summary>What was counted since <paramref name="start"/> (a snapshot taken earlier).</summary>
    public WalStats Since(WalStats start) => new()
    {
        Bytes = Bytes - start.Bytes, Records = Records - start.Records, RecordBytes = RecordBytes - start.RecordBytes,
        FpiBytes = FpiBytes - start.FpiBytes, FpiCount = FpiCount - start.FpiCount,
        HeapFpiBytes = HeapFpiBytes - start.HeapFpiBytes, HeapFpiCount = HeapFpiCount - start.HeapFpiCount,
        HeapFpiOnCompactingCount = HeapFpiOnCompactingCount - start.HeapFpiOnCompactingCount,
        IndexFpiBytes = IndexFpiBytes - start.IndexFpiBytes, IndexFpiCount = IndexFpiCount - start.IndexFpiCount,
        Flushes = Flushes - start.Flushes,
    };
}
