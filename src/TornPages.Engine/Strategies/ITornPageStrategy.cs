using TornPages.Engine.Files;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Strategies;

/// <summary>
/// A torn-page protection strategy: the three decisions that differ between them, and nothing
/// else. The engine asks; it never tests which strategy it runs.
/// </summary>
public interface ITornPageStrategy
{
    /// <summary>Name as selected on the command line and written in results, e.g. "fpw".</summary>
    string Name { get; }

    /// <summary>Its parameters as "key=value;..." for results (empty when it has none).</summary>
    string Parameters { get; }

    /// <summary>Whether a WAL record carries a full-page image of a block it changes.</summary>
    IImagePolicy Images { get; }

    /// <summary>How those images are compressed (PostgreSQL's wal_compression).</summary>
    Wal.ImageCompression ImageCompression => Wal.ImageCompression.None;

    /// <summary>
    /// How many checkpoints one cycle of page images (or double-write copies) spans: 1 for PostgreSQL
    /// (each checkpoint's redo point starts a new cycle, and a page's first change after it carries
    /// its image); K for seed 003's super-checkpoint (fpw-super:K) and for double-write copies kept
    /// across checkpoints (dwb-large:K): the WAL is kept back to the cycle's start, and recovery
    /// brings a page forward from its last image or copy through it (selective replay).
    /// </summary>
    int CheckpointsPerImageCycle => 1;

    /// <summary>When recovery applies a record that carries no image, by the kind of page it changes.</summary>
    ReplayRule ReplayFor(RelKind kind);

    /// <summary>How dirty pages reach the data files and where pages are read from; also the recovery prologue.</summary>
    IPageWritePath CreateWritePath(PageStore store);
}

public enum ReplayRule
{
    /// <summary>Apply only when the page is older than the record (page LSN &lt; record end), as PostgreSQL does.</summary>
    WhenPageIsOlder,
    /// <summary>Apply every record since the redo point regardless of page LSN; the records must be absolute.</summary>
    Always,
}

/// <summary>What the image policy knows when a record changes a block.</summary>
/// <param name="PageLsn">The page's LSN before this change.</param>
/// <param name="LastImageLsn">End LSN of the last record that imaged this page in the current checkpoint cycle; 0 if none (or unknown after a restart, or not kept: <see cref="IImagePolicy.ReadsLastImage"/>).</param>
/// <param name="RedoLsn">Redo point of the last checkpoint: recovery starts there.</param>
public readonly record struct ImageQuery(RelKind Kind, RecordType Record, ulong PageLsn, ulong LastImageLsn, ulong RedoLsn);

public interface IImagePolicy
{
    bool NeedsImage(in ImageQuery q);

    /// <summary>Whether <see cref="NeedsImage"/> reads <see cref="ImageQuery.LastImageLsn"/>: only then does the logger keep each page's last image (a lookup per block logged).</summary>
    bool ReadsLastImage => false;
}
