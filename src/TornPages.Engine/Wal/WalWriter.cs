using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TornPages.Engine.Pages;
using TornPages.Storage;

namespace TornPages.Engine.Wal;

/// <summary>
/// Appends records to the WAL buffer and writes and syncs it. The buffer holds the WAL pages from
/// the last partly written page on; <see cref="Flush"/> writes them whole (the last, partial page
/// is written again by the next flush, as PostgreSQL does) and syncs the segment files.
/// With a flush alignment (<see cref="DatabaseOptions.WalFlushAlign"/>) a flush instead ends with
/// zeros up to a sector boundary and the next write starts at that boundary: a sector that holds
/// acknowledged commits is never written again, so a sector damaged in flight (the garbage fault)
/// can only hold WAL that nobody was told is durable. The reader steps over the zeros.
/// </summary>
public sealed class WalWriter
{
    private readonly WalSegments _segments;
    private readonly ushort _epoch;
    private byte[] _buf;
    private ulong _bufStart;      // LSN of _buf[0], page-aligned
    private ulong _end;           // end of the last inserted record
    private ulong _flushed;       // WAL is durable up to here
    private ulong _headerPage;    // start LSN of the last page whose header is in the buffer
    private ulong _prev;          // start of the last inserted record
    private readonly List<IStorageFile> _toSync = [];
    private readonly int _align;  // 0, or the sector every flush ends on
    private ulong _written;       // WAL is written out up to here (aligned mode only)

    /// <summary>Continues the WAL after <paramref name="end"/>, the end of the last valid record (recovery finds it).</summary>
    /// <param name="partialPage">The WAL page holding <paramref name="end"/> as read from disk, when end is inside a page.</param>
    /// <param name="flushAlign">0, or the sector size each flush is padded to (a divisor of the WAL page size).</param>
    /// <param name="bufferPages">WAL pages held before a write without a sync (<see cref="DatabaseOptions.WalBufferPages"/>).</param>
    public WalWriter(WalSegments segments, ushort epoch, ulong end, ulong prev, ReadOnlySpan<byte> partialPage, int flushAlign = 0, int bufferPages = 256)
    {
        if (bufferPages < 2) throw new ArgumentOutOfRangeException(nameof(bufferPages));
        _buf = new byte[bufferPages * WalLayout.PageSize];
        if (flushAlign != 0 && (flushAlign < 512 || WalLayout.PageSize % flushAlign != 0))
            throw new ArgumentException($"WAL flush alignment must be 0 or a power of two from 512 to {WalLayout.PageSize}, not {flushAlign}");
        _segments = segments;
        _epoch = epoch;
        _align = flushAlign;
        // The sector holding the recovered end may hold records replayed as committed: aligned, it is
        // never written again, and the WAL continues at the next boundary.
        if (_align > 0) end = AlignUp(end);
        _end = _flushed = _written = end;
        _prev = prev;
        _bufStart = WalLayout.PageStart(end);
        _headerPage = ulong.MaxValue;
        int inPage = (int)(end - _bufStart);
        if (inPage > 0)
        {
            // Bytes after the last valid record belong to nothing that was acknowledged: zero them.
            partialPage[..inPage].CopyTo(_buf);
            _headerPage = _bufStart;
        }
    }

    public WalStats Stats { get; } = new();
    public ulong InsertLsn => _end;
    public ulong FlushedLsn => _flushed;
    public ushort Epoch => _epoch;

    /// <summary>Appends a record whose images (if any) are already captured. Returns its end LSN, the new page LSN of its blocks.</summary>
    public ulong Insert(RecordBuilder rec, out ulong start)
    {
        int length = rec.SerializedLength;
        if (length > WalLayout.MaxRecordLength) throw new InvalidOperationException($"WAL record of {length} bytes is too long");
        var bytes = Serialize(rec, length);

        start = WalLayout.RecordStart(_end);
        // Bytes between the previous end and start are padding; they are zero in the buffer.
        ulong pos = start;
        int done = 0;
        while (done < length)
        {
            ulong page = WalLayout.PageStart(pos);
            // A page this record continues onto says how many of its bytes come first, so a reader can
            // find the first record starting in any page (PostgreSQL's xlp_rem_len).
            EnsurePage(page, done == 0 ? 0 : length - done);
            int inPage = (int)(pos - page);
            int n = Math.Min(length - done, WalLayout.PageSize - inPage);
            bytes.Slice(done, n).CopyTo(_buf.AsSpan((int)(pos - _bufStart)));
            done += n;
            pos += (ulong)n;
            if (done < length) pos = page + WalLayout.PageSize + WalPageHeader.Size;
        }
        Stats.Bytes += (long)(pos - _end);
        Stats.Records++;
        _end = pos;
        _prev = start;
        return pos;
    }

    /// <summary>Writes and syncs the WAL up to at least <paramref name="lsn"/> (in practice: all of it).</summary>
    public void Flush(ulong lsn)
    {
        if (lsn <= _flushed) return;
        PadToSector();
        WriteOut();
        // A group flush on an I/O thread may not have synced its files yet: a flush that returns
        // durable must cover them too (a second fdatasync of the same file is harmless).
        foreach (var f in _inFlight) if (!_toSync.Contains(f)) _toSync.Add(f);
        foreach (var f in _toSync) f.Sync();
        _toSync.Clear();
        _flushed = _end;
        Stats.Flushes++;
    }

    private readonly List<IStorageFile> _inFlight = [];

    /// <summary>
    /// The first half of a group flush, on the engine thread: writes out everything inserted and
    /// returns the files to sync and the LSN they make durable. Sync them (on any thread), then call
    /// <see cref="EndFlush"/> on the engine thread. One group flush at a time.
    /// </summary>
    public IReadOnlyList<IStorageFile> BeginFlush(out ulong target)
    {
        if (_inFlight.Count > 0) throw new InvalidOperationException("a group flush is already in flight");
        PadToSector();
        WriteOut();
        _inFlight.AddRange(_toSync);
        _toSync.Clear();
        target = _end;
        return _inFlight.ToArray();
    }

    /// <summary>The files of <see cref="BeginFlush"/> are synced: WAL is durable up to <paramref name="target"/>.</summary>
    public void EndFlush(ulong target)
    {
        _inFlight.Clear();
        if (target > _flushed) _flushed = target;
        Stats.Flushes++;
    }

    private Span<byte> Serialize(RecordBuilder rec, int length)
    {
        var s = Scratch(length);
        ref var h = ref MemoryMarshal.AsRef<WalRecordHeader>(s);
        h.Length = (uint)length;
        h.Xid = rec.Xid;
        h.Prev = _prev;
        h.Type = rec.Type;
        h.BlockCount = (byte)rec.BlockCount;
        h.Epoch = _epoch;
        h.Crc = 0;
        int p = WalRecordHeader.Size;
        for (int i = 0; i < rec.BlockCount; i++)
        {
            var b = rec[i];
            // An imaged block carries no ops: the image is the page after them.
            var data = b.HasImage ? ReadOnlySpan<byte>.Empty : b.Ops.Written;
            var flags = (b.HasImage ? BlockFlags.HasImage : 0) | (b.WillInit ? BlockFlags.WillInit : 0);
            p += BlockRefCodec.Write(s[p..], i, new BlockRefHeader(b.Rel, flags, (ushort)data.Length, b.BlockNo, (ushort)b.ImageLength, (ushort)b.HoleOffset,
                b.ImageInfo, (ushort)b.HoleLength), rec.SameRelAsPrevious(i));
            if (b.HasImage)
            {
                b.Image.CopyTo(s[p..]);
                p += b.ImageLength;
            }
            data.CopyTo(s[p..]);
            p += data.Length;
        }
        p += BlockRefCodec.WriteMainHeader(s[p..], rec.MainLength);
        rec.Main.CopyTo(s[p..]);
        h.Crc = RecordCrc(s);
        return s;
    }

    public static uint RecordCrc(ReadOnlySpan<byte> record)
    {
        uint crc = Crc32C.Append(~0u, record[..WalRecordHeader.CrcOffset]);
        return ~Crc32C.Append(crc, record[WalRecordHeader.Size..]);
    }

    private byte[] _scratch = new byte[64 * 1024];

    private Span<byte> Scratch(int n)
    {
        if (_scratch.Length < n) _scratch = new byte[Math.Max(n, _scratch.Length * 2)];
        return _scratch.AsSpan(0, n);
    }

    /// <summary>Makes sure the page starting at <paramref name="page"/> is in the buffer with its header written.</summary>
    private void EnsurePage(ulong page, int continuation)
    {
        long need = (long)(page - _bufStart) + WalLayout.PageSize;
        if (need > _buf.Length)
        {
            // Buffer full: write out what is complete (no sync; the next flush syncs it), then make room.
            using (IoCauses.Enter(IoCause.WalFull)) WriteOut();
            need = (long)(page - _bufStart) + WalLayout.PageSize;
            if (need > _buf.Length) Array.Resize(ref _buf, (int)Math.Max(need, _buf.Length * 2L));
        }
        if (_headerPage != ulong.MaxValue && page <= _headerPage) return;
        ref var ph = ref MemoryMarshal.AsRef<WalPageHeader>(_buf.AsSpan((int)(page - _bufStart)));
        ph.Magic = WalLayout.PageMagic;
        ph.Version = 1;
        ph.Check = 0;
        ph.PageAddress = page;
        ph.ContinuationLength = (uint)continuation;
        ph.DurableLag = uint.MaxValue;
        _headerPage = page;
    }

    private ulong AlignUp(ulong lsn) => (lsn + (ulong)_align - 1) / (ulong)_align * (ulong)_align;

    /// <summary>
    /// Aligned mode: the flush about to be made ends on a sector boundary, filled up to it by a NOOP
    /// record (a record, not a gap, so the chain of records has no hole a redo point could fall in).
    /// </summary>
    private void PadToSector()
    {
        if (_align == 0 || _end % (ulong)_align == 0) return;
        ulong start = WalLayout.RecordStart(_end);
        ulong pageEnd = WalLayout.PageStart(start) + WalLayout.PageSize;
        // The shortest NOOP is a header and a short main-data header; one that does not fit in this
        // page runs to the first boundary of the next, past its page header.
        ulong target = AlignUp(start + WalRecordHeader.Size + ShortMainHeader);
        int length = target <= pageEnd ? (int)(target - start) : (int)(pageEnd + (ulong)_align - start) - WalPageHeader.Size;
        int main = length - WalRecordHeader.Size - (length - WalRecordHeader.Size - ShortMainHeader <= byte.MaxValue ? ShortMainHeader : LongMainHeader);
        var rec = (_noop ??= new RecordBuilder(WalLayout.PageSize)).Begin(RecordType.Noop, 0);
        rec.MainBuffer(main).Clear();
        ulong before = _end;
        Insert(rec, out _);
        if (_end % (ulong)_align != 0) throw new InvalidOperationException($"a NOOP of {length} bytes at {start:X} ended at {_end:X}, not on a {_align}-byte boundary");
        Stats.CountRecord(RecordType.Noop, false, rec.SerializedLength, 0, 0);
        Stats.AlignPadBytes += (long)(_end - before);
    }

    private const int ShortMainHeader = 2, LongMainHeader = 5;
    private RecordBuilder? _noop;

    /// <summary>
    /// Writes every buffered page up to the one holding the insert position, then drops the completed
    /// ones. Aligned mode writes only the sectors from the first one not yet written (a sector written
    /// before holds only records no flush has made durable, or it is never touched again).
    /// </summary>
    private void WriteOut()
    {
        ulong endPage = _end == _bufStart ? _bufStart : WalLayout.PageStart(_end - 1) + WalLayout.PageSize;
        ulong from = _bufStart;
        if (_align > 0)
        {
            from = Math.Max(_bufStart, _written / (ulong)_align * (ulong)_align);
            endPage = Math.Min(endPage, AlignUp(_end));
            _written = _end;
        }
        // Each page whose header this write carries says how much WAL was durable before it.
        for (ulong page = WalLayout.PageStart(from) == from ? from : WalLayout.PageStart(from) + WalLayout.PageSize; page < endPage; page += WalLayout.PageSize)
        {
            var header = _buf.AsSpan((int)(page - _bufStart), WalPageHeader.Size);
            ref var ph = ref MemoryMarshal.AsRef<WalPageHeader>(header);
            ph.DurableLag = WalPageHeader.LagOf(page, _flushed);
            ph.Check = WalPageHeader.CheckOf(header);
        }
        while (from < endPage)
        {
            ulong segment = WalLayout.Segment(from);
            ulong segEnd = (segment + 1) * (ulong)WalLayout.SegmentSize;
            ulong to = Math.Min(endPage, segEnd);
            var file = _segments.Get(segment);
            file.Write(WalLayout.OffsetInSegment(from), _buf.AsSpan((int)(from - _bufStart), (int)(to - from)));
            if (!_toSync.Contains(file)) _toSync.Add(file);
            from = to;
        }
        // Keep only the page that holds the insert position, if it is partial; it will be written again.
        ulong keep = WalLayout.PageStart(_end);
        int shift = (int)(keep - _bufStart);
        if (shift > 0)
        {
            int partial = _end % WalLayout.PageSize == 0 ? 0 : WalLayout.PageSize;
            if (partial > 0) _buf.AsSpan(shift, partial).CopyTo(_buf);
            _buf.AsSpan(partial, Math.Min(_buf.Length - partial, shift + partial)).Clear();
            _bufStart = keep;
        }
    }
}
