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
    /// <summary>Zeros a flush added to end on a sector boundary (<see cref="DatabaseOptions.WalFlushAlign"/>); part of <see cref="Bytes"/>.</summary>
    public long AlignPadBytes;

    /// <summary>By record type (indexed by <see cref="RecordTypes.StatsIndex"/>): what pg_waldump --stats=record shows.</summary>
    public RecordTypeStats[] ByType = new RecordTypeStats[256];

    public WalStats Snapshot()
    {
        var s = (WalStats)MemberwiseClone();
        s.ByType = (RecordTypeStats[])ByType.Clone();
        return s;
    }

    /// <summary>
    /// Counts one record of <paramref name="type"/>: <paramref name="length"/> bytes in all,
    /// <paramref name="imageBytes"/> of them in <paramref name="images"/> full-page images; in the
    /// totals and by type alike (the writer counts <see cref="Records"/> and <see cref="Bytes"/>).
    /// </summary>
    public void CountRecord(RecordType type, bool initialisesPage, int length, int images, int imageBytes)
    {
        RecordBytes += length - imageBytes;
        FpiCount += images;
        FpiBytes += imageBytes;
        ref var t = ref ByType[RecordTypes.StatsIndex(type, initialisesPage)];
        t.Count++;
        t.RecordBytes += length - imageBytes;
        t.FpiCount += images;
        t.FpiBytes += imageBytes;
    }

    /// <summary>What was counted since <paramref name="start"/> (a snapshot taken earlier).</summary>
    public WalStats Since(WalStats start) => new()
    {
        Bytes = Bytes - start.Bytes, Records = Records - start.Records, RecordBytes = RecordBytes - start.RecordBytes,
        FpiBytes = FpiBytes - start.FpiBytes, FpiCount = FpiCount - start.FpiCount,
        HeapFpiBytes = HeapFpiBytes - start.HeapFpiBytes, HeapFpiCount = HeapFpiCount - start.HeapFpiCount,
        HeapFpiOnCompactingCount = HeapFpiOnCompactingCount - start.HeapFpiOnCompactingCount,
        IndexFpiBytes = IndexFpiBytes - start.IndexFpiBytes, IndexFpiCount = IndexFpiCount - start.IndexFpiCount,
        Flushes = Flushes - start.Flushes, AlignPadBytes = AlignPadBytes - start.AlignPadBytes,
        ByType = ByType.Select((t, i) => t.Minus(start.ByType[i])).ToArray(),
    };
}

/// <summary>One record type's share of the WAL: records, their bytes without images, and their images.</summary>
public struct RecordTypeStats
{
    public long Count;
    /// <summary>Record bytes other than full-page images (headers, block references, ops, main data).</summary>
    public long RecordBytes;
    public long FpiCount;
    public long FpiBytes;

    public readonly RecordTypeStats Minus(in RecordTypeStats start) => new()
    {
        Count = Count - start.Count, RecordBytes = RecordBytes - start.RecordBytes,
        FpiCount = FpiCount - start.FpiCount, FpiBytes = FpiBytes - start.FpiBytes,
    };
}
