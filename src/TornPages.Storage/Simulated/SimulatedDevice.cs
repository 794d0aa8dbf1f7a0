namespace TornPages.Storage;

/// <summary>
/// An in-memory device with a crash model, deterministic from a seed. Each file has a durable image
/// and a list of pending writes; reads see the pending writes (as the OS page cache would), a sync
/// makes that file's pending writes durable, and <see cref="Crash"/> resolves every pending write
/// with the <see cref="CrashModel"/> and throws the rest away. File creation, deletion, renaming and
/// length changes are modelled as durable at once (the engine syncs directories after them anyway).
/// Memory: contents live in shared 8 KB <see cref="Chunk"/>s, so a page costs memory once for its
/// durable version and once more only while a newer version is unsynced (<see cref="ResidentBytes"/>).
/// </summary>
public sealed class SimulatedDevice : IStorageDevice
{
    private readonly Dictionary<string, SimFile> _files = new(StringComparer.Ordinal);
    private readonly ChunkPool _pool = new();

    internal ChunkPool Pool => _pool;
    private readonly Random _crashRng;
    private readonly DriveCache _cache;
    private long _writeSequence;
    private long _calls;
    private long _armedAt = -1;
    private CrashTiming _armedTiming;
    private bool _crashed;

    private string? _lastFile;
    private long _lastEnd;
    private readonly OsWriteback _writeback = new();
    private readonly OsWriteback.Queue _queueWrite;

    /// <param name="reserveBytes">Memory for file contents to allocate up front (a benchmark's growth), so the run itself allocates nothing until it is used up.</param>
    public SimulatedDevice(CrashModel? model = null, int seed = 1, CostModel? cost = null, long reserveBytes = 0)
    {
        if (reserveBytes < 0) throw new ArgumentOutOfRangeException(nameof(reserveBytes));
        _pool.Reserve((int)Math.Min(int.MaxValue, (reserveBytes + Chunk.Size - 1) / Chunk.Size));
        Model = model ?? new CrashModel();
        Model.Validate();
        _cache = new DriveCache(_pool, Model.CacheBytes);
        _crashRng = new Random(seed);
        Cost = cost?.Fresh();
        _queueWrite = QueueWrite;
    }

    public CrashModel Model { get; }

    /// <summary>The cost model that <see cref="SimulatedSeconds"/> follows; null: no device time is modelled.</summary>
    public CostModel? Cost { get; }

    /// <summary>Device time the cost model charged so far (every write and sync, one after another).</summary>
    public double SimulatedSeconds { get; private set; }

    /// <summary>
    /// The simulated clock of a run with clients, which places device work in time: a write joins the
    /// device's queue when it is made, or with the cost model's page cache when writeback hands it
    /// over (<see cref="OsWriteback"/>), and is done when the queue has transferred it; a sync of a
    /// file is done when that file's last write is, plus the flush latency (and, where the flush
    /// holds the queue, when every write queued before it is). Null: device time is only summed.
    /// </summary>
    public Func<double>? Clock
    {
        get => _clock;
        set
        {
            // The cost model's times follow the device's clock: they move with it when it is replaced
            // (a run's clock starts at 0 after the load, which ran on summed device time).
            double before = Now;
            _clock = value;
            Cost?.Shift(Now - before);
        }
    }

    private Func<double>? _clock;

    /// <summary>The device's time: its clock, or without one the device time charged so far.</summary>
    private double Now => _clock?.Invoke() ?? SimulatedSeconds;

    /// <summary>
    /// When a call made now reaches the device: a caller that synced waited for that sync before it
    /// made its next call, so calls after a sync in the same step (until <see cref="TakeSyncsDone"/>)
    /// are issued when it is done; syncs one after another add up, as on a real device.
    /// </summary>
    private double Issued => Math.Max(Now, _syncsDone);

    private double _queueEnd;
    private double _syncsDone;

    /// <summary>When every sync made since the last call is done (on <see cref="Clock"/>), or 0 when none was made; resets.</summary>
    public double TakeSyncsDone()
    {
        double t = _syncsDone;
        _syncsDone = 0;
        return t;
    }

    public string Label => Cost == null ? "sim" : "sim-" + Cost.Name;
    public string SyncMethod => "simulated";
    public IoStats Stats { get; } = new();

    /// <summary>Device calls that change state (writes, syncs, length changes, renames, deletes) so far.</summary>
    public long Calls => _calls;

    public bool HasCrashed => _crashed;

    /// <summary>Bytes of file contents held in memory now: distinct chunks of every image and pending write.</summary>
    public long ResidentBytes => _pool.Live * Chunk.Size;

    /// <summary>The most <see cref="ResidentBytes"/> has been.</summary>
    public long PeakResidentBytes => _pool.PeakLive * Chunk.Size;

    /// <summary>Bytes of writes not yet synced, over all files.</summary>
    public long PendingBytes => _files.Values.Sum(f => f.PendingBytes);

    /// <summary>When set, every state-changing call is appended here (for tests that aim crashes at protocol steps).</summary>
    public List<DeviceCall>? Trace { get; set; }

    /// <summary>Arms a crash at the <paramref name="call"/>-th state-changing call from now (1-based).</summary>
    public void ArmCrash(long call, CrashTiming timing)
    {
        if (call < 1) throw new ArgumentOutOfRangeException(nameof(call));
        _armedAt = _calls + call;
        _armedTiming = timing;
    }

    public void Disarm() => _armedAt = -1;

    /// <summary>
    /// Power loss: every pending write is resolved piece by piece in write order into the durable
    /// image, the rest is forgotten, and the device is usable again with only durable contents.
    /// Under <see cref="FaultModel.LyingFlush"/> the drive cache's writes are resolved first (they
    /// are older than any pending one); under <see cref="FaultModel.Garbage"/> one sector of the
    /// most recent pending write, over all files, holds garbage.
    /// </summary>
    public void Crash()
    {
        _cache.Crash(Model, _crashRng);
        _writeback.Clear();
        SimFile? last = null;
        var (lastIndex, lastSeq) = (-1, -1L);
        if (Model.Fault == FaultModel.Garbage)
            foreach (var f in _files.Values)
                if (f.LastPending() is var (i, seq) && seq > lastSeq) (last, lastIndex, lastSeq) = (f, i, seq);
        foreach (var f in _files.Values) f.ResolveCrash(Model, _crashRng, f == last ? lastIndex : -1);
        _crashed = false;
        _armedAt = -1;
    }

    /// <summary>
    /// A copy with the same contents (durable and pending), fresh counters and no armed crash. The
    /// copy's drive cache starts empty with what it held on the media: a copy is a device that sat
    /// idle long enough to destage it. The copy shares this device's chunks (copy on write), so it
    /// is cheap, and the two may run on different threads as long as each stays on one.
    /// </summary>
    public SimulatedDevice Clone(int seed)
    {
        var d = new SimulatedDevice(Model, seed, Cost);
        var map = new Dictionary<SimFile, SimFile>(ReferenceEqualityComparer.Instance);
        foreach (var (name, f) in _files) map[f] = d._files[name] = f.CloneInto(d);
        _cache.DrainInto(f => map[f]);
        return d;
    }

    /// <summary>Bytes of synced writes the drive cache still holds (only under <see cref="FaultModel.LyingFlush"/>).</summary>
    public long CachedBytes => _cache.Bytes;

    internal long NextWriteSequence() => ++_writeSequence;

    internal void Cache(SimFile file, long offset, int length, ReadOnlySpan<Chunk> chunks) => _cache.Add(file, offset, length, chunks);

    internal void TruncateCached(SimFile file, long length)
    {
        _cache.Truncate(file, length);
        _writeback.Truncate(file, length);
    }

    internal void DropCached(SimFile file)
    {
        _cache.Drop(file);
        _writeback.Drop(file);
    }

    public IStorageFile Open(string name, FileClass fileClass)
    {
        CheckAlive();
        if (_files.TryGetValue(name, out var f)) return f;
        f = new SimFile(this, _pool, name, fileClass);
        _files[name] = f;
        return f;
    }

    public bool Exists(string name) => _files.ContainsKey(name);

    public void Delete(string name)
    {
        BeginCall(DeviceOp.Delete, name);
        if (_files.Remove(name, out var f)) f.ReleaseAll();
        EndCall();
    }

    public void Rename(string from, string to)
    {
        if (_files.ContainsKey(to)) throw new StorageException($"cannot rename {from} to {to}: target exists");
        if (!_files.TryGetValue(from, out var f)) throw new StorageException($"cannot rename {from}: no such file");
        BeginCall(DeviceOp.Rename, from);
        _files.Remove(from);
        f.Renamed(to);
        _files[to] = f;
        EndCall();
    }

    public IReadOnlyList<string> List() => _files.Keys.Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
    }

    /// <summary>The durable bytes of a file as a crash right now would leave them at best, for tests.</summary>
    public byte[] DurableImage(string name) => _files[name].DurableCopy();

    private void CheckAlive()
    {
        if (_crashed) throw new SimulatedCrashException(_armedAt);
    }

    /// <summary>Starts one state-changing call: an armed crash set to fire before it fires here.</summary>
    internal void BeginCall(DeviceOp op, string file)
    {
        CheckAlive();
        long n = ++_calls;
        Trace?.Add(new DeviceCall(n, op, file));
        if (n == _armedAt && _armedTiming == CrashTiming.Before)
        {
            _crashed = true;
            throw new SimulatedCrashException(n);
        }
    }

    /// <summary>Ends the call started by <see cref="BeginCall"/>: an armed crash set to fire after it fires here.</summary>
    internal void EndCall()
    {
        if (_calls == _armedAt)
        {
            _crashed = true;
            throw new SimulatedCrashException(_calls);
        }
    }

    internal void CheckReadable() => CheckAlive();

    /// <summary>A write made now: into the page cache, or straight to the device's queue without one.</summary>
    internal void ChargeWrite(SimFile file, long offset, int bytes)
    {
        if (Cost == null) return;
        if (Cost.PageCache) _writeback.Write(file, offset, bytes, Issued, IoCauses.Current, _queueWrite);
        else QueueWrite(file, offset, bytes);
    }

    /// <summary>Charges a write's transfer and seek (from the previous write's position); the file's last write is done when the device's queue has it done.</summary>
    private void QueueWrite(SimFile file, long offset, int bytes)
    {
        double start = Math.Max(Issued, _queueEnd);
        double seconds = Cost!.WriteSeconds(start, file.Name, offset, bytes, file.Name == _lastFile, Math.Abs(offset - _lastEnd));
        _lastFile = file.Name;
        _lastEnd = offset + bytes;
        SimulatedSeconds += seconds;
        if (_clock == null) return;
        _queueEnd = start + seconds;
        file.LastWriteDone = Math.Max(file.LastWriteDone, _queueEnd);
    }

    /// <summary>Charges a sync of <paramref name="file"/>: its dirty ranges written back first, then the flush once its last write is done.</summary>
    internal void ChargeSync(SimFile file)
    {
        if (Cost == null) return;
        if (Cost.PageCache) _writeback.Sync(file, Issued, _queueWrite);
        double start = Math.Max(Issued, file.LastWriteDone);
        // A flush that holds the queue waits for every write queued before it, whatever its file,
        // and the queue waits for it: flushes and writes around it are done one after another.
        if (Cost.FlushHoldsQueue) start = Math.Max(start, _queueEnd);
        double seconds = Cost.SyncSeconds(start, file.Name);
        SimulatedSeconds += seconds;
        if (_clock == null) return;
        _syncsDone = Math.Max(_syncsDone, start + seconds);
        if (Cost.FlushHoldsQueue) _queueEnd = start + seconds;
    }
}
