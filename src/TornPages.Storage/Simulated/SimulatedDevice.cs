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
    private long _calls;
    private long _armedAt = -1;
    private CrashTiming _armedTiming;
    private bool _crashed;

    private string? _lastFile;
    private long _lastEnd;

    /// <param name="reserveBytes">Memory for file contents to allocate up front (a benchmark's growth), so the run itself allocates nothing until it is used up.</param>
    public SimulatedDevice(CrashModel? model = null, int seed = 1, CostModel? cost = null, long reserveBytes = 0)
    {
        if (reserveBytes < 0) throw new ArgumentOutOfRangeException(nameof(reserveBytes));
        _pool.Reserve((int)Math.Min(int.MaxValue, (reserveBytes + Chunk.Size - 1) / Chunk.Size));
        Model = model ?? new CrashModel();
        Model.Validate();
        _crashRng = new Random(seed);
        Cost = cost;
    }

    public CrashModel Model { get; }

    /// <summary>The cost model that <see cref="SimulatedSeconds"/> follows; null: no device time is modelled.</summary>
    public CostModel? Cost { get; }

    /// <summary>Device time the cost model charged so far: <see cref="WriteSeconds"/> plus <see cref="SyncSeconds"/>.</summary>
    public double SimulatedSeconds => WriteSeconds + SyncSeconds;

    /// <summary>Device time of writes (seeks and transfer) charged so far.</summary>
    public double WriteSeconds { get; private set; }

    /// <summary>Device time of syncs (cache flush latency) charged so far.</summary>
    public double SyncSeconds { get; private set; }

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
    /// </summary>
    public void Crash()
    {
        foreach (var f in _files.Values) f.ResolveCrash(Model, _crashRng);
        _crashed = false;
        _armedAt = -1;
    }

    /// <summary>A copy with the same contents (durable and pending), fresh counters and no armed crash.</summary>
    public SimulatedDevice Clone(int seed)
    {
        var d = new SimulatedDevice(Model, seed, Cost);
        var copies = new Dictionary<Chunk, Chunk>(ReferenceEqualityComparer.Instance);
        foreach (var (name, f) in _files) d._files[name] = f.CloneInto(d, copies);
        return d;
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

    internal void ChargeWrite(string file, long offset, int bytes)
    {
        if (Cost == null) return;
        WriteSeconds += Cost.WriteSeconds(file == _lastFile, Math.Abs(offset - _lastEnd), bytes);
        _lastFile = file;
        _lastEnd = offset + bytes;
    }

    internal void ChargeSync()
    {
        if (Cost != null) SyncSeconds += Cost.SyncSeconds;
    }
}
