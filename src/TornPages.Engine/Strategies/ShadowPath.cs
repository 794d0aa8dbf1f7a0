using System.Numerics;
using System.Runtime.InteropServices;
using TornPages.Engine.Checkpoints;
using TornPages.Engine.Files;
using TornPages.Engine.Pages;
using TornPages.Storage;

namespace TornPages.Engine.Strategies;

/// <summary>
/// Shadow paging with units of G bytes (a page up to 64 MB). Each relation's file is a pool of
/// physical units; a map sends each logical unit to one. The snapshot named by the last checkpoint
/// is never overwritten:
/// <list type="bullet">
/// <item>the first write-out of a unit in a checkpoint cycle relocates it to a free physical unit (for
/// G larger than a page, the unit's other pages are copied there first); later write-outs in the
/// cycle overwrite that shadow copy;</item>
/// <item>at a checkpoint the data files are synced, the new map is written to the map area the last
/// checkpoint does not use and synced, and only then does the control file name it;</item>
/// <item>the old units are freed only once that control file update is durable.</item>
/// </list>
/// A torn write can only hit a unit the last checkpoint's map does not reference, so recovery loads
/// that map and replays the WAL from its redo point onto intact pages.
/// The maps' layout is <see cref="ShadowMapHeader"/>'s.
/// </summary>
public sealed class ShadowPath : IPageWritePath
{
    private const uint Unmapped = ShadowMapEntry.Unmapped;
    private static readonly string[] MapFiles = ["map_0", "map_1"];

    private readonly PageStore _store;
    private readonly int _pageSize;
    private readonly long _unitBytes;
    private readonly int _pagesPerUnit;
    private readonly IStorageFile[] _maps;
    private readonly List<uint>[] _map;
    private readonly HashSet<uint>[] _relocated;
    private readonly List<uint>[] _toFree;
    private readonly SortedSet<uint>[] _free;
    private readonly uint[] _physicalUnits;
    private int _area = 1;          // the area the last checkpoint's map is in; the first map goes to area 0
    private int _nextArea;
    private ulong _generation;
    private byte[] _copy = [];

    public ShadowPath(PageStore store, long unitBytes)
    {
        _store = store;
        _pageSize = store.PageSize;
        if (unitBytes < _pageSize || !BitOperations.IsPow2(unitBytes) || unitBytes > 64L << 20)
            throw new ArgumentException($"shadow unit must be a power of two from the page size to 64MB, not {unitBytes}");
        _unitBytes = unitBytes;
        _pagesPerUnit = (int)(unitBytes / _pageSize);
        _maps = MapFiles.Select(n => store.Device.Open(n, FileClass.Map)).ToArray();
        int rels = store.Catalog.Count;
        _map = NewArray<List<uint>>(rels);
        _relocated = NewArray<HashSet<uint>>(rels);
        _toFree = NewArray<List<uint>>(rels);
        _free = NewArray<SortedSet<uint>>(rels);
        _physicalUnits = new uint[rels];
    }

    public long CopyWriteBytes { get; private set; }

    public long OwnSpaceBytes => _maps.Sum(m => m.Length);

    public long PhysicalPageOf(byte rel, uint block)
    {
        uint unit = (uint)(block / _pagesPerUnit);
        var map = _map[rel];
        return unit < map.Count && map[(int)unit] != Unmapped ? (long)map[(int)unit] * _pagesPerUnit + block % _pagesPerUnit : -1;
    }

    public void Read(byte rel, uint block, Span<byte> page)
    {
        long phys = PhysicalPageOf(rel, block);
        if (phys < 0) page.Clear();
        else _store.File(rel).Read(phys * _pageSize, page);
    }

    public void Write(byte rel, uint block, ReadOnlySpan<byte> page)
    {
        uint unit = (uint)(block / _pagesPerUnit);
        var map = _map[rel];
        while (map.Count <= unit) map.Add(Unmapped);
        if (!_relocated[rel].Contains(unit))
        {
            uint old = map[(int)unit];
            uint fresh = Allocate(rel);
            if (old != Unmapped)
            {
                CopyUnit(rel, unit, old, fresh);
                // The last checkpoint's map still points at the old unit: it is freed after the next one.
                _toFree[rel].Add(old);
            }
            map[(int)unit] = fresh;
            _relocated[rel].Add(unit);
        }
        _store.File(rel).Write(PhysicalPageOf(rel, block) * _pageSize, page);
    }

    public void Flush() { }

    public void SyncData() => _store.SyncAll();

    public void BeforeControlUpdate(ref ControlData next)
    {
        _nextArea = 1 - _area;
        var bytes = SerializeMap(_generation + 1);
        _maps[_nextArea].Write(0, bytes.Span);
        // The new map must be durable before the control file names it.
        _maps[_nextArea].Sync();
        next.StrategyState0 = (ulong)_nextArea;
        next.StrategyState1 = _generation + 1;
    }

    public void AfterControlDurable()
    {
        _area = _nextArea;
        _generation++;
        // Only now is no durable map left that references the units replaced in this cycle.
        for (int r = 0; r < _map.Length; r++)
        {
            foreach (uint u in _toFree[r]) _free[r].Add(u);
            _toFree[r].Clear();
            _relocated[r].Clear();
        }
    }

    public void RecoveryPrologue(RecoveryPrologueContext context)
    {
        _area = (int)context.Control.StrategyState0;
        _generation = context.Control.StrategyState1;
        if (_area is not (0 or 1)) throw new RecoveryException($"control file names shadow map area {_area}");
        var file = _maps[_area];
        Span<byte> head = stackalloc byte[ShadowMapHeader.Size];
        file.Read(0, head);
        var h = MemoryMarshal.Read<ShadowMapHeader>(head);
        if (h.Magic != ShadowMapHeader.MagicValue || h.Length < ShadowMapHeader.MinLength || h.Length > file.Length)
            throw new RecoveryException($"shadow map {MapFiles[_area]} is not a map");
        var bytes = new byte[h.Length];
        file.Read(0, bytes);
        int crcAt = h.Length - ShadowMapHeader.CrcSize;
        if (MemoryMarshal.Read<uint>(bytes.AsSpan(crcAt)) != Crc32C.Compute(bytes.AsSpan(0, crcAt)) || h.Generation != _generation)
            throw new RecoveryException($"shadow map {MapFiles[_area]} does not match the control file (generation {_generation})");
        int p = ShadowMapHeader.Size;
        for (int r = 0; r < h.Relations && r < _map.Length; r++)
        {
            var e = MemoryMarshal.Read<ShadowMapEntry>(bytes.AsSpan(p));
            if (e.Units < 0 || ShadowMapEntry.Length(e.Units) > crcAt - p)
                throw new RecoveryException($"shadow map {MapFiles[_area]}: relation {r} claims {e.Units} units, past the map's end");
            var units = MemoryMarshal.Cast<byte, uint>(bytes.AsSpan(p + ShadowMapEntry.Size, sizeof(uint) * e.Units));
            p += ShadowMapEntry.Length(e.Units);
            var map = _map[r];
            map.Clear();
            foreach (uint u in units) map.Add(u);
            _store.SetBlockCount((byte)r, e.Blocks);
            // Every physical unit the map does not use is free: units of the crashed cycle are simply forgotten.
            _physicalUnits[r] = (uint)((_store.File((byte)r).Length + _unitBytes - 1) / _unitBytes);
            foreach (uint u in map) if (u != Unmapped && u >= _physicalUnits[r]) _physicalUnits[r] = u + 1;
            var used = map.Where(u => u != Unmapped).ToHashSet();
            _free[r].Clear();
            for (uint u = 0; u < _physicalUnits[r]; u++) if (!used.Contains(u)) _free[r].Add(u);
        }
    }

    private uint Allocate(byte rel)
    {
        var free = _free[rel];
        if (free.Count > 0)
        {
            uint u = free.Min;
            free.Remove(u);
            return u;
        }
        return _physicalUnits[rel]++;
    }

    /// <summary>Copies the unit's pages that exist (up to the relation's logical end) into its new place.</summary>
    private void CopyUnit(byte rel, uint unit, uint from, uint to)
    {
        if (_pagesPerUnit == 1) return; // the page being written is the whole unit
        long firstBlock = (long)unit * _pagesPerUnit;
        long pages = Math.Min(_pagesPerUnit, _store.BlockCount(rel) - firstBlock);
        if (pages <= 0) return;
        int bytes = (int)(pages * _pageSize);
        if (_copy.Length < bytes) _copy = new byte[bytes];
        var file = _store.File(rel);
        file.Read(from * _unitBytes, _copy.AsSpan(0, bytes));
        file.Write(to * _unitBytes, _copy.AsSpan(0, bytes));
        CopyWriteBytes += bytes;
    }

    // The serialized map, kept between checkpoints so a checkpoint allocates nothing.
    private byte[] _mapBytes = [];

    private Memory<byte> SerializeMap(ulong generation)
    {
        int length = ShadowMapHeader.MinLength;
        foreach (var m in _map) length += ShadowMapEntry.Length(m.Count);
        if (_mapBytes.Length < length) _mapBytes = new byte[Math.Max(length, _mapBytes.Length * 2)];
        var b = _mapBytes.AsSpan(0, length);
        MemoryMarshal.Write(b, new ShadowMapHeader
        {
            Magic = ShadowMapHeader.MagicValue, Generation = generation, Length = length, Relations = _map.Length,
        });
        int p = ShadowMapHeader.Size;
        for (int r = 0; r < _map.Length; r++)
        {
            MemoryMarshal.Write(b[p..], new ShadowMapEntry { Blocks = _store.BlockCount((byte)r), Units = _map[r].Count });
            CollectionsMarshal.AsSpan(_map[r]).CopyTo(MemoryMarshal.Cast<byte, uint>(b.Slice(p + ShadowMapEntry.Size, sizeof(uint) * _map[r].Count)));
            p += ShadowMapEntry.Length(_map[r].Count);
        }
        int crcAt = length - ShadowMapHeader.CrcSize;
        MemoryMarshal.Write(b[crcAt..], Crc32C.Compute(b[..crcAt]));
        return _mapBytes.AsMemory(0, length);
    }

    private static T[] NewArray<T>(int n) where T : new()
    {
        var a = new T[n];
        for (int i = 0; i < n; i++) a[i] = new T();
        return a;
    }
}
