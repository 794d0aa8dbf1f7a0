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

    /// <summary>Torn pages rebuilt from their last image in the WAL kept before the redo point, and that WAL's records for them (fpw-super).</summary>
    public int PagesRepairedFromKeptWal { get; set; }

    /// <summary>Block references selective replay read from the kept WAL: every one once to index it, then each torn page's own again.</summary>
    public long KeptWalBlocksRead { get; set; }

    /// <summary>Pages found torn when replay read them, whatever repaired them (an image, the strategy's rule, the kept WAL).</summary>
    public int TornPagesFound { get; set; }
    public List<uint> AbortedXids { get; } = [];

    /// <summary>Pages that failed their checksum and that neither the strategy nor the WAL repaired.</summary>
    public List<(byte Rel, uint Block)> UnrecoverablePages { get; } = [];

    public TimeSpan Duration { get; set; }

    public bool Clean => UnrecoverablePages.Count == 0;
}
