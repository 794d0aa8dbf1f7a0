using TornPages.Engine.Strategies;

namespace TornPages.Engine;

public sealed record DatabaseOptions(ITornPageStrategy Strategy, int BufferFrames = 1024, int PageSize = DatabaseOptions.DefaultPageSize)
{
    /// <summary>PostgreSQL's BLCKSZ.</summary>
    public const int DefaultPageSize = 8192;

    /// <summary>
    /// 0, or the sector size every WAL flush is padded to, so that no later write touches a sector
    /// holding acknowledged commits (<see cref="Wal.WalWriter"/>). Costs WAL bytes: half a sector
    /// per flush on average.
    /// </summary>
    public int WalFlushAlign { get; init; }

    /// <summary>
    /// Selective replay: recovery replays the WAL kept since the cycle began for the pages that need
    /// it, a torn page from its last image there (fpw-super:K), a page restored from an older
    /// double-write copy from that copy on (dwb-large:K). Off only to show that the tests and crash
    /// trials catch its absence; nothing else reads it.
    /// </summary>
    public bool SelectiveReplay { get; init; } = true;

    /// <summary>
    /// WAL pages buffered before a write without a sync (wal_buffers): PostgreSQL's default, 1/32 of
    /// the buffer pool, at least 64 KB and at most 16 MB.
    /// </summary>
    public int WalBufferPages => (int)Math.Clamp((long)BufferFrames * PageSize / 32 / Wal.WalLayout.PageSize, 8, 2048);

    /// <summary>The largest page: a line pointer holds an offset in 15 bits, as PostgreSQL's lp_off (so BLCKSZ is at most 32 KB there too).</summary>
    public const int MaxPageSize = 32768;

    /// <summary>The smallest page: a pgbench row, its line pointer and the page header need room, and smaller pages only add WAL headers.</summary>
    public const int MinPageSize = 4096;

    /// <summary>The smallest buffer pool: an operation pins a few pages at once (an update: old and new heap page, an index leaf and its parent).</summary>
    public const int MinBufferFrames = 16;

    /// <summary>The largest buffer pool for a page size: its frames are one array (<see cref="Buffers.BufferPool"/>), at most about 2 GB.</summary>
    public static int MaxBufferFrames(int pageSize) => Array.MaxLength / pageSize;

    public void Validate()
    {
        if (PageSize is < MinPageSize or > MaxPageSize || (PageSize & (PageSize - 1)) != 0)
            throw new ArgumentException($"page size must be a power of two from {MinPageSize} to {MaxPageSize}, not {PageSize}");
        if (BufferFrames < MinBufferFrames) throw new ArgumentException($"buffers must be at least {MinBufferFrames}, not {BufferFrames}");
        if (BufferFrames > MaxBufferFrames(PageSize))
            throw new ArgumentException($"buffers must be at most {MaxBufferFrames(PageSize)} with {PageSize}-byte pages (a pool of about 2 GB), not {BufferFrames}");
        if (WalFlushAlign is not (0 or 512 or 4096))
            throw new ArgumentException($"WAL flush alignment must be 0 (off), 512 or 4096, not {WalFlushAlign}");
    }
}

/// <summary>
/// When the engine takes a checkpoint: every N transactions and/or every W bytes of WAL (0 = never);
/// and how: with <paramref name="CompletionTarget"/> 0 at once (every client waits), otherwise spread
/// as PostgreSQL's checkpoint_completion_target: its page writes paced to end when that fraction of
/// the interval has passed, transactions running throughout.
/// </summary>
/// <param name="EverySeconds">checkpoint_timeout: every S seconds of the clock the database is given (<see cref="Database.Clock"/>).</param>
public sealed record CheckpointPolicy(int EveryTransactions = 0, long EveryWalBytes = 0, double CompletionTarget = 0, double EverySeconds = 0)
{
    /// <summary>The fraction of the interval that has passed (the largest over the triggers set, as IsCheckpointOnSchedule takes the nearer of WAL and time).</summary>
    public double Elapsed(int transactionsSince, long walBytesSince, double secondsSince = 0) => Math.Max(Math.Max(
        EveryTransactions > 0 ? (double)transactionsSince / EveryTransactions : 0,
        EveryWalBytes > 0 ? (double)walBytesSince / EveryWalBytes : 0),
        EverySeconds > 0 ? secondsSince / EverySeconds : 0);

    public bool IsDue(int transactionsSince, long walBytesSince, double secondsSince = 0) =>
        (EveryTransactions > 0 && transactionsSince >= EveryTransactions) ||
        (EveryWalBytes > 0 && walBytesSince >= EveryWalBytes) ||
        (EverySeconds > 0 && secondsSince >= EverySeconds);

    public override string ToString() =>
        (EveryTransactions > 0 ? $"txns:{EveryTransactions}" : EveryWalBytes > 0 ? $"wal:{EveryWalBytes}" : EverySeconds > 0 ? $"seconds:{EverySeconds}" : "none") +
        (CompletionTarget > 0 ? $",target:{CompletionTarget}" : "");
}

/// <summary>The directory holds no database.</summary>
public sealed class DatabaseNotFoundException(string message) : Exception(message);

/// <summary>Recovery cannot proceed (its WAL or control file does not hold what it must).</summary>
public sealed class RecoveryException(string message) : Exception(message);
