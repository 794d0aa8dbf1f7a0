using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using TornPages.Engine.Buffers;
using TornPages.Engine.Checkpoints;
using TornPages.Engine.Files;
using TornPages.Engine.Heap;
using TornPages.Engine.Index;
using TornPages.Engine.Loading;
using TornPages.Engine.Pages;
using TornPages.Engine.Recovery;
using TornPages.Engine.Scheduling;
using TornPages.Engine.Strategies;
using TornPages.Engine.Vacuuming;
using TornPages.Engine.Wal;
using TornPages.Storage;

namespace TornPages.Engine;

/// <summary>
/// One database on one device: tables and their primary-key indexes, transactions (one at a time,
/// synchronous commit), checkpoints and crash recovery, with torn-page protection delegated to the
/// strategy. <see cref="Create"/> starts an empty one to bulk-load; <see cref="Open"/> recovers an
/// existing one.
/// </summary>
public sealed class Database
{
    /// <summary>The first transaction id handed out (below it: bootstrap, as PostgreSQL's FirstNormalTransactionId).</summary>
    public const uint FirstXid = 3;
    /// <summary>The xid stamped on rows of the initial load.</summary>
    public const uint LoadXid = 2;

    private readonly ControlFile _control;
    private readonly byte[] _payload = new byte[DatabaseOptions.MaxPageSize];
    private uint _xid;
    // Transactions begun and not yet durably committed, in xid order (xids are handed out in order,
    // so a new one goes at the end): the first is the horizon. A list, not a set: no allocation per transaction.
    private readonly List<uint> _active = [];

    /// <summary>
    /// The engine, complete: on <paramref name="pages"/>, with the WAL continuing at
    /// <paramref name="wal"/>'s insert position and the cycle of page images at <paramref name="redo"/>.
    /// </summary>
    private Database(PageLayer pages, ControlFile control, WalSegments segments, WalWriter wal, uint nextXid, ulong redo, RecoveryReport? recovery)
    {
        Pages = pages;
        _control = control;
        Segments = segments;
        Wal = wal;
        pages.FlushWalThrough(wal);
        Fsm = new FreeSpaceMap(pages.Catalog.Count);
        Logger = new PageLogger(Pool, wal, Catalog, Options.Strategy.Images, Options.Strategy.ImageCompression);
        Logger.StartCycle(redo);
        Heap = new HeapAccess(Pool, Store, Logger, Fsm, absolutePlacement: Strategy.ReplayFor(RelKind.Heap) == ReplayRule.Always);
        Indexes = new BTree(Pool, Store, Logger);
        Vacuum = new Vacuum(Pool, Logger, Heap, Indexes, Catalog, wal.Stats);
        _vacuumLauncher = new VacuumLauncher(Vacuum, Heap.Tuples, Catalog, _vacuumPolicy);
        BgWriter = new BackgroundWriter(Pool);
        NextXid = nextXid;
        Checkpointer = new Checkpointer(pages, wal, segments, Logger, control, () => NextXid, () => _active);
        Recovery = recovery;
    }

    /// <summary>The files, the strategy's write path and the buffer pool this database stands on.</summary>
    public PageLayer Pages { get; }
    public IStorageDevice Device => Pages.Device;
    public Catalog Catalog => Pages.Catalog;
    public DatabaseOptions Options => Pages.Options;
    public ITornPageStrategy Strategy => Options.Strategy;
    public PageStore Store => Pages.Store;
    public IPageWritePath WritePath => Pages.WritePath;
    public BufferPool Pool => Pages.Pool;
    public FreeSpaceMap Fsm { get; }
    public BackgroundWriter BgWriter { get; }
    public WalWriter Wal { get; }
    public PageLogger Logger { get; }
    public HeapAccess Heap { get; }
    public BTree Indexes { get; }
    public Vacuum Vacuum { get; }
    public WalSegments Segments { get; }
    public uint NextXid { get; private set; }
    public Checkpointer Checkpointer { get; }
    public int Checkpoints => Checkpointer.Completed;

    public CheckpointPolicy CheckpointPolicy
    {
        get => Checkpointer.Policy;
        set => Checkpointer.Policy = value;
    }

    /// <summary>The clock a time-triggered checkpoint (<see cref="CheckpointPolicy.EverySeconds"/>) follows: a run's, simulated or wall. Without one, time never passes.</summary>
    public Func<double> Clock
    {
        get => _clock;
        set
        {
            _clock = value;
            Checkpointer.Clock = value;
        }
    }

    private Func<double> _clock = static () => 0;

    /// <summary>When vacuum passes start and how they are paced; by default none runs (only the pruning that full pages trigger).</summary>
    public VacuumPolicy VacuumPolicy
    {
        get => _vacuumPolicy;
        set
        {
            value.Validate();
            _vacuumPolicy = value;
            _vacuumLauncher.Policy = value;
        }
    }

    private VacuumPolicy _vacuumPolicy = new();
    private readonly VacuumLauncher _vacuumLauncher;
    public RecoveryReport? Recovery { get; }
    public bool InTransaction => _xid != 0;

    /// <summary>The transaction running on the engine now (0: none).</summary>
    public uint CurrentXid => _xid;

    /// <summary>A new, empty database: load it with <see cref="Loader"/>, then <see cref="Checkpoint"/>.</summary>
    public static Database Create(IStorageDevice device, Catalog catalog, DatabaseOptions options)
    {
        options.Validate();
        if (ControlFile.Exists(device)) throw new InvalidOperationException("the device already holds a database");
        var pages = new PageLayer(device, catalog, options);
        var control = ControlFile.Create(device);
        var segments = new WalSegments(device);
        return new Database(pages, control, segments, new WalWriter(segments, epoch: 1, end: 0, prev: 0, [], options.WalFlushAlign, options.WalBufferPages), FirstXid, redo: 0, recovery: null);
    }

    /// <summary>
    /// Opens the database on <paramref name="device"/>, running crash recovery (see <see cref="Recovery"/>):
    /// replay on the page layer, the database built where the WAL continues, unfinished transactions
    /// rolled back, and, when nothing was left damaged, an end-of-recovery checkpoint.
    /// </summary>
    public static Database Open(IStorageDevice device, Catalog catalog, DatabaseOptions options)
    {
        options.Validate();
        if (!ControlFile.Exists(device)) throw new DatabaseNotFoundException($"no database on {device.Label} (no control file)");
        var control = ControlFile.Open(device);
        var c = control.Current;
        if (c.Strategy != options.Strategy.Name)
            throw new RecoveryException($"the database was created with strategy '{c.Strategy}', not '{options.Strategy.Name}'");
        if (c.PageSize != options.PageSize)
            throw new RecoveryException($"the database has {c.PageSize}-byte pages, not {options.PageSize}");
        DataFileCheck.Lengths(device, catalog, c);
        var pages = new PageLayer(device, catalog, options);
        var segments = new WalSegments(device);
        var recovery = new RecoveryRunner(pages, c, segments);
        var wal = recovery.Replay();
        var db = new Database(pages, control, segments, wal, recovery.NextXid, recovery.RedoLsn, recovery.Report);
        recovery.RollBack(db.Logger);
        if (recovery.Report.Clean) db.Checkpoint();
        recovery.Finish();
        return db;
    }

    internal ControlFile Control => _control;

    public BulkLoader Loader => new(Store, WritePath, Heap.Tuples);

    // ---- transactions -------------------------------------------------------------------------

    public uint Begin()
    {
        if (_xid != 0) throw new InvalidOperationException("a transaction is running on the engine");
        _xid = NextXid++;
        _active.Add(_xid);
        return _xid;
    }

    /// <summary>Synchronous commit: the commit record is durable when this returns.</summary>
    public void Commit(ulong sequence = 0)
    {
        uint xid = RequireXid();
        ulong end = InsertCommit(sequence);
        using (IoCauses.Enter(IoCause.Commit)) Wal.Flush(end);
        EndCommitted(xid);
    }

    /// <summary>
    /// The first half of a commit: the commit record is inserted (not yet durable) and the engine is
    /// free for another transaction; returns the LSN that must be durable before <see cref="EndCommitted"/>.
    /// </summary>
    public ulong InsertCommit(ulong sequence)
    {
        var rec = Logger.Builder.Begin(RecordType.Commit, RequireXid());
        rec.SetMain(new CommitData { Sequence = sequence });
        ulong end = Logger.Log(rec);
        _xid = 0;
        return end;
    }

    /// <summary>The commit of <paramref name="xid"/> is durable: it has finished, and the versions it replaced are dead to everyone.</summary>
    public void EndCommitted(uint xid)
    {
        int at = _active.BinarySearch(xid);
        if (at < 0) throw new InvalidOperationException($"transaction {xid} is not running");
        _active.RemoveAt(at);
        Checkpointer.TransactionFinished();
        _vacuumLauncher.TransactionFinished();
        BgWriter.TransactionFinished();
    }

    /// <summary>Takes the running transaction off the engine while its client waits; <see cref="Resume"/> puts it back.</summary>
    public uint Suspend()
    {
        uint xid = RequireXid();
        _xid = 0;
        return xid;
    }

    /// <summary>Puts <paramref name="xid"/> back on the engine; nothing to do when it never left.</summary>
    public void Resume(uint xid)
    {
        if (_xid == xid) return;
        if (_xid != 0) throw new InvalidOperationException("a transaction is running on the engine");
        if (_active.BinarySearch(xid) < 0) throw new InvalidOperationException($"transaction {xid} is not running");
        _xid = xid;
    }

    /// <summary>Transactions begun whose commit is not yet durable (some may be waiting, off the engine).</summary>
    public int ActiveTransactions => _active.Count;

    /// <summary>The oldest transaction still running, or the next xid when none is: every transaction below it has finished.</summary>
    public uint Horizon => _active.Count > 0 ? _active[0] : NextXid;

    /// <summary>
    /// Starts a vacuum pass when one is due (<see cref="VacuumPolicy"/>) and advances the one running
    /// by its budget once its sleep has passed on <see cref="Clock"/>. Call between transactions.
    /// Returns true when a pass finished.
    /// </summary>
    public bool MaybeVacuum()
    {
        if (_xid != 0) throw new InvalidOperationException("vacuum runs between transactions");
        return _vacuumLauncher.Step(Horizon, Clock());
    }

    /// <summary>Runs the background writer's round when one is due (<see cref="BackgroundWriter.Policy"/>); returns the pages it wrote. Call between transactions.</summary>
    public int MaybeBackgroundWrite()
    {
        if (_xid != 0) throw new InvalidOperationException("the background writer runs between transactions");
        return BgWriter.Step(Clock());
    }

    /// <summary>
    /// What PostgreSQL's background processes would have done by now, run between transactions in
    /// their order: autovacuum's step, a background writer round, the checkpointer's step (its data
    /// sync started on <paramref name="io"/> when given). Call after each commit. Returns true when
    /// a checkpoint completed.
    /// </summary>
    public bool RunBackgroundWork(Scheduler? io = null)
    {
        MaybeVacuum();
        MaybeBackgroundWrite();
        return MaybeCheckpoint(io);
    }

    /// <summary>
    /// Takes a checkpoint when the policy says one is due, or advances the one in progress (see
    /// <see cref="Checkpointer.Maybe"/>): call after each commit. Returns true when a checkpoint completed.
    /// </summary>
    public bool MaybeCheckpoint(Scheduler? io = null)
    {
        if (_xid != 0) throw new InvalidOperationException("checkpoints run between transactions");
        return Checkpointer.Maybe(io);
    }

    /// <summary>An immediate checkpoint (it supersedes a spread one in progress): every dirty page written, then the checkpoint ends.</summary>
    public void Checkpoint()
    {
        if (_xid != 0) throw new InvalidOperationException("checkpoints run between transactions");
        Checkpointer.Now();
    }

    /// <summary>A spread checkpoint has started and not yet ended.</summary>
    public bool CheckpointInProgress => Checkpointer.InProgress;

    /// <summary>INSERT: a new row, and its primary-key entry when the table has one (the key is the row's first int4).</summary>
    public Tid Insert(Relation heap, ReadOnlySpan<byte> payload)
    {
        uint xid = RequireXid();
        var tid = Heap.Insert(heap.Id, payload, xid);
        if (Catalog.IndexOf(heap.Id) is { } index)
            Indexes.Insert(index, BinaryPrimitives.ReadInt32LittleEndian(payload), tid, xid);
        return tid;
    }

    /// <summary>UPDATE heap SET column = column + delta WHERE key = <paramref name="key"/>, for an int4 column at <paramref name="fieldOffset"/>.</summary>
    public bool AddToInt32(Relation heap, int key, int fieldOffset, int delta)
    {
        uint xid = RequireXid();
        var index = IndexOf(heap);
        if (!TryFindLive(heap, index, key, out var live, out int frame, out int offset)) return false;
        int length;
        try
        {
            var page = Pool.Page(frame);
            length = LinePointer.Get(page, live.Item).Length - HeapTupleHeader.Size;
            page.Slice(offset + HeapTupleHeader.Size, length).CopyTo(_payload);
        }
        finally
        {
            Pool.Unpin(frame);
        }
        var p = _payload.AsSpan(0, length);
        BinaryPrimitives.WriteInt32LittleEndian(p[fieldOffset..], BinaryPrimitives.ReadInt32LittleEndian(p[fieldOffset..]) + delta);
        var tid = Heap.Update(heap.Id, live, p, xid, Horizon, out bool hot);
        if (!hot) Indexes.Insert(index, key, tid, xid);
        return true;
    }

    /// <summary>SELECT column FROM heap WHERE key = <paramref name="key"/>, through the index.</summary>
    public bool TryReadInt32(Relation heap, int key, int fieldOffset, out int value)
    {
        if (!TryFindLive(heap, IndexOf(heap), key, out _, out int frame, out int offset))
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadInt32LittleEndian(Pool.Page(frame)[(offset + HeapTupleHeader.Size + fieldOffset)..]);
        Pool.Unpin(frame);
        return true;
    }

    /// <summary>How many live versions <paramref name="key"/> reaches through the index.</summary>
    public int CountLive(Relation heap, int key)
    {
        int count = 0;
        // Not a using declaration: that would make the scan a read-only local, and Next would advance a copy.
        var scan = Indexes.Scan(IndexOf(heap), key);
        try
        {
            while (scan.Next(out var tid))
                if (Heap.TryFetchLive(heap.Id, tid, out _, out int frame, out _))
                {
                    count++;
                    Pool.Unpin(frame);
                }
        }
        finally
        {
            scan.Dispose();
        }
        return count;
    }

    /// <summary>The live version of <paramref name="key"/>: the index names candidates, the heap decides; on success its page stays pinned.</summary>
    private bool TryFindLive(Relation heap, Relation index, int key, out Tid live, out int heapFrame, out int offset)
    {
        var scan = Indexes.Scan(index, key);
        try
        {
            while (scan.Next(out var tid))
                if (Heap.TryFetchLive(heap.Id, tid, out live, out heapFrame, out offset)) return true;
        }
        finally
        {
            scan.Dispose();
        }
        live = default;
        heapFrame = -1;
        offset = 0;
        return false;
    }

    /// <summary>Calls <paramref name="visit"/> with the payload of every live row of <paramref name="heap"/> (a sequential scan).</summary>
    public void ScanLive<TState>(Relation heap, TState state, ReadOnlySpanAction<byte, TState> visit)
    {
        uint blocks = Store.BlockCount(heap.Id);
        for (uint b = 0; b < blocks; b++)
        {
            int frame = Pool.Pin(heap.Id, b);
            try
            {
                var page = Pool.Page(frame);
                if (PageHeader.Of(page).Kind != PageKind.Heap) continue;
                int n = LinePointer.Count(page);
                for (int i = 0; i < n; i++)
                {
                    var lp = LinePointer.Get(page, i);
                    if (lp.State != LpState.Normal) continue;
                    if (HeapTupleHeader.At(page, lp.Offset).Xmax != 0) continue;
                    visit(page.Slice(lp.Offset + HeapTupleHeader.Size, lp.Length - HeapTupleHeader.Size), state);
                }
            }
            finally
            {
                Pool.Unpin(frame);
            }
        }
    }

    /// <summary>Reads every page of every relation as stored and returns those that fail their checksum.</summary>
    public List<(byte Rel, uint Block)> FindTornPages()
    {
        var bad = new List<(byte, uint)>();
        var page = new byte[Options.PageSize];
        foreach (var r in Catalog.All)
        {
            uint n = Store.BlockCount(r.Id);
            for (uint b = 0; b < n; b++)
            {
                WritePath.Read(r.Id, b, page);
                if (!PageChecksum.Verify(page, PageChecksum.Address(r.Id, b))) bad.Add((r.Id, b));
            }
        }
        return bad;
    }

    // ---- checkpoints --------------------------------------------------------------------------

    public long SpaceBytes => Store.TotalBytes + WritePath.OwnSpaceBytes;

    /// <summary>
    /// How often the physical order of <paramref name="heap"/>'s pages breaks: the number of logical
    /// neighbours that are not physical neighbours (0 when pages stay where their block number says).
    /// </summary>
    public long Discontinuities(Relation heap)
    {
        long breaks = 0, prev = -2;
        uint n = Store.BlockCount(heap.Id);
        for (uint b = 0; b < n; b++)
        {
            long phys = WritePath.PhysicalPageOf(heap.Id, b);
            if (b > 0 && phys != prev + 1) breaks++;
            prev = phys;
        }
        return breaks;
    }

    private Relation IndexOf(Relation heap) =>
        Catalog.IndexOf(heap.Id) ?? throw new InvalidOperationException($"{heap.Name} has no index");

    private uint RequireXid() => _xid != 0 ? _xid : throw new InvalidOperationException("no transaction is running");
}
