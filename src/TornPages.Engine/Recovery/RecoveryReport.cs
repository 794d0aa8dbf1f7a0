namespace TornPages.Engine.Recovery;

/// <summary>What crash recovery did and found.</summary>
public sealed class RecoveryReport
{
    public ulong RedoLsn { get; init; }
    public ulong EndLsn { get; set; }
    public long Records { get; set; }
    public long ImagesRestored { get; set; }
    public long RecordsApplied { get; set; }
    public int PagesRestoredByPrologue { get; set; }
    public List<uint> AbortedXids { get; } = [];

    /// <summary>Pages that failed their checksum and that neither the strategy nor the WAL repaired.</summary>
    public List<(byte Rel, uint Block)> UnrecoverablePages { get; } = [];

    public TimeSpan Duration { get; set; }

    public bool Clean => UnrecoverablePages.Count == 0;
}
