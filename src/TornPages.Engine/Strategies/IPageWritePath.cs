using TornPages.Engine.Checkpoints;

namespace TornPages.Engine.Strategies;

/// <summary>
/// How pages travel between the buffer pool and the data files. Pages handed to <see cref="Write"/>
/// already carry their checksum, and the WAL is already durable up to their LSN.
/// </summary>
public interface IPageWritePath
{
    /// <summary>Reads the current version of a page (from wherever the strategy keeps it).</summary>
    void Read(byte rel, uint block, Span<byte> page);

    /// <summary>Hands over a page to write. It may be held back (batched), but is in the data files when <see cref="Flush"/> returns.</summary>
    void Write(byte rel, uint block, ReadOnlySpan<byte> page);

    /// <summary>Every page handed over so far has been written where reads will find it.</summary>
    void Flush();

    /// <summary>Checkpoint: makes every written page durable.</summary>
    void SyncData();

    /// <summary>
    /// Checkpoint, after <see cref="SyncData"/> and before the control file names the new checkpoint:
    /// the strategy makes its own state durable and records where it is in <paramref name="next"/>.
    /// </summary>
    void BeforeControlUpdate(ref ControlData next);

    /// <summary>Checkpoint, once the control file naming it is durable: a new cycle starts.</summary>
    void AfterControlDurable();

    /// <summary>Recovery, before WAL replay: repair what the strategy can repair from its own files.</summary>
    void RecoveryPrologue(RecoveryPrologueContext context);

    /// <summary>Bytes the strategy's own files occupy beyond the data files (double-write area, map).</summary>
    long OwnSpaceBytes { get; }

    /// <summary>
    /// Bytes of its own files recovery may still need now: the copies of the cycle under way for a
    /// double-write file sized for the cycle (dwb-large, whose file keeps the length its largest
    /// cycle, the load's, gave it); the whole of its files for the others.
    /// </summary>
    long HeldBytes => OwnSpaceBytes;

    /// <summary>Where a page lives in its relation's file, in pages: its block number unless the strategy relocates pages.</summary>
    long PhysicalPageOf(byte rel, uint block) => block;

    /// <summary>Bytes written to the data files to copy unchanged pages (shadow paging of units larger than a page).</summary>
    long CopyWriteBytes => 0;
}

/// <summary>What a recovery prologue gets (the control data of the last checkpoint) and reports.</summary>
public sealed class RecoveryPrologueContext(ControlData control)
{
    public ControlData Control { get; } = control;

    /// <summary>Pages the prologue copied back from the strategy's own files.</summary>
    public int PagesRestored { get; set; }

    /// <summary>
    /// Pages that have an intact copy in the strategy's files for this cycle, restored now or by an
    /// earlier recovery that crashed: the page in place may be that copy, older than the redo point,
    /// and the WAL kept since the cycle began brings it forward (dwb-large:K).
    /// </summary>
    public HashSet<Pages.PageId> CopiedPages { get; } = [];
}
