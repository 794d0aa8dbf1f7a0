namespace TornPages.Storage;

/// <summary>
/// Why a write or sync was made: Tom Lane's rule (WAL is synced at commit, when a dirty page must
/// be written out, and at checkpoint) made countable, plus the other moments an engine writes, and
/// the strategies' own files, each their own cause (a double-write or map write is the protection's
/// price whatever asked for it). Every call counts under exactly one cause, so the causes sum to
/// the totals.
/// </summary>
public enum IoCause
{
    /// <summary>Whatever no scope claimed: loading, recovery, a vacuum's own flush.</summary>
    Other = 0,
    /// <summary>A commit making its record durable (XLogFlush at commit, a group commit's flush).</summary>
    Commit,
    /// <summary>A client that needed a frame writing out a dirty victim, and the WAL flush the WAL rule asks for first.</summary>
    Eviction,
    /// <summary>The background writer cleaning ahead of the clock hand, and its WAL flushes.</summary>
    BgWriter,
    /// <summary>A checkpoint: its WAL flushes, page writes and data file syncs.</summary>
    Checkpoint,
    /// <summary>WAL pages written because the WAL buffers filled (PostgreSQL's wal_buffers_full), not synced.</summary>
    WalFull,
    /// <summary>Any call on a double-write file.</summary>
    DoubleWrite,
    /// <summary>Any call on a shadow page map.</summary>
    Map,
    /// <summary>Any call on the control file.</summary>
    Control,
}

/// <summary>
/// The cause the current thread's device calls are counted under: a scope, entered where the
/// engine decides to write (<see cref="Enter"/>), holds until it is disposed; an inner scope wins.
/// Per thread, so parallel crash trials do not mix; I/O handed to another thread takes its cause
/// with it (the engine's scheduler does this for every I/O it starts).
/// </summary>
public static class IoCauses
{
    public static readonly IoCause[] All = Enum.GetValues<IoCause>();
    public static readonly int Count = All.Length;

    [ThreadStatic] private static IoCause t_current;

    public static IoCause Current => t_current;

    public static Scope Enter(IoCause cause)
    {
        var outer = t_current;
        t_current = cause;
        return new Scope(outer);
    }

    /// <summary>The cause a call on a file of class <paramref name="c"/> counts under now.</summary>
    public static IoCause For(FileClass c) => c switch
    {
        FileClass.DoubleWrite => IoCause.DoubleWrite,
        FileClass.Map => IoCause.Map,
        FileClass.Control => IoCause.Control,
        _ => t_current,
    };

    /// <summary>The cause's suffix in runs.csv columns (syncs_commit, write_bytes_wal_full, ...).</summary>
    public static string Column(IoCause c) => c switch
    {
        IoCause.Other => "other",
        IoCause.Commit => "commit",
        IoCause.Eviction => "eviction",
        IoCause.BgWriter => "bgwriter",
        IoCause.Checkpoint => "checkpoint",
        IoCause.WalFull => "wal_full",
        IoCause.DoubleWrite => "double_write",
        IoCause.Map => "map",
        IoCause.Control => "control",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>Restores the cause that held before <see cref="Enter"/>.</summary>
    public readonly struct Scope(IoCause outer) : IDisposable
    {
        public void Dispose() => t_current = outer;
    }
}
