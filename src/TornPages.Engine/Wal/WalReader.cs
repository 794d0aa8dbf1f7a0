using System.Runtime.InteropServices;

namespace TornPages.Engine.Wal;

/// <summary>
/// Reads records forward from a start LSN until the end of valid WAL. The end is the first place
/// where any check fails: a missing segment, a page whose header is not this page's (a recycled or
/// never-written page), a record length out of range, a prev link or epoch that does not continue
/// the chain, or a CRC mismatch. None of these is an error: it is where the crash cut the WAL.
/// </summary>
public sealed class WalReader
{
    private readonly WalSegments _segments;
    private readonly byte[] _page = new byte[WalLayout.PageSize];
    private ulong _pageLsn = ulong.MaxValue;
    private bool _pageValid;
    private ulong _pos;
    private ulong _prev;
    private bool _checkPrev;
    private ushort _epoch;

    public WalReader(WalSegments segments, ulong start)
    {
        _segments = segments;
        _pos = start;
    }

    public DecodedRecord Record { get; } = new();

    /// <summary>End of the last valid record read so far: where the WAL continues after recovery.</summary>
    public ulong EndOfValid { get; private set; }

    /// <summary>Start of the last valid record read so far.</summary>
    public ulong LastStart => _prev;

    /// <summary>
    /// Reads next from <paramref name="start"/>, a record start known from an earlier pass, as a reader
    /// made there would: the chain check starts again with the record read there.
    /// </summary>
    public void Seek(ulong start)
    {
        _pos = start;
        _checkPrev = false;
    }

    public bool TryReadNext()
    {
        ulong start = WalLayout.RecordStart(_pos);
        if (TryReadAt(start)) return true;
        if (!_checkPrev) return false;
        // A flush aligned to a sector (WalWriter's aligned mode) ends in zeros, and after recovery the
        // WAL goes on past whatever the crash left in the sector holding the end: the next record may
        // start at any later sector boundary of this page, or first thing in the next page. Only a
        // record that continues the chain is taken, so nothing left from before the crash can be.
        ulong next = WalLayout.PageStart(start) + WalLayout.PageSize;
        for (ulong p = (start / MinSector + 1) * MinSector; p <= next; p += MinSector)
            if (TryReadAt(WalLayout.RecordStart(p))) return true;
        return false;
    }

    /// <summary>The smallest sector a flush may be aligned to.</summary>
    private const int MinSector = 512;

    private bool TryReadAt(ulong start)
    {
        var rec = Record;
        Span<byte> head = stackalloc byte[WalRecordHeader.Size];
        if (!TryRead(start, head, out _)) return false;
        var h = MemoryMarshal.Read<WalRecordHeader>(head);
        if (h.Length < WalRecordHeader.Size || h.Length > WalLayout.MaxRecordLength) return false;
        if (_checkPrev && (h.Prev != _prev || h.Epoch < _epoch)) return false;
        var body = rec.Buffer((int)h.Length);
        if (!TryRead(start, body, out ulong end)) return false;
        if (WalWriter.RecordCrc(body) != h.Crc) return false;
        rec.SetLength((int)h.Length);
        if (!rec.Decode(start, end)) return false;
        _prev = start;
        _checkPrev = true;
        _epoch = h.Epoch;
        _pos = end;
        EndOfValid = end;
        return true;
    }

    /// <summary>
    /// Where the first record that starts in segment <paramref name="segment"/> begins: past the
    /// continuation of a record begun in an earlier segment, which the page headers measure. False
    /// when the segment is missing or holds no valid page before that.
    /// </summary>
    public static bool TryFindFirstRecord(WalSegments segments, ulong segment, out ulong lsn)
    {
        lsn = 0;
        var file = segments.TryOpen(segment);
        if (file == null) return false;
        Span<byte> head = stackalloc byte[WalPageHeader.Size];
        ulong first = segment * (ulong)WalLayout.SegmentSize;
        for (ulong page = first; page < first + (ulong)WalLayout.SegmentSize; page += WalLayout.PageSize)
        {
            file.Read(WalLayout.OffsetInSegment(page), head);
            var ph = MemoryMarshal.Read<WalPageHeader>(head);
            if (ph.Magic != WalLayout.PageMagic || ph.PageAddress != page) return false;
            if (ph.ContinuationLength <= WalLayout.PageSize - WalPageHeader.Size)
            {
                lsn = WalLayout.RecordStart(page + WalPageHeader.Size + ph.ContinuationLength);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// After the end of valid WAL (<paramref name="end"/>): the first page of that segment or the
    /// next that is this WAL's own and says WAL was durable past <paramref name="end"/>
    /// (<see cref="WalPageHeader.DurableBefore"/>), or null. Such a page means WAL that had been
    /// synced, and perhaps acknowledged, is now damaged: the end is not where a crash cut the WAL.
    /// </summary>
    public static (ulong Page, ulong DurableBefore)? DurableBeyond(WalSegments segments, ulong end)
    {
        Span<byte> head = stackalloc byte[WalPageHeader.Size];
        ulong segment = WalLayout.Segment(end);
        for (ulong s = segment; s <= segment + 1; s++)
        {
            var file = segments.TryOpen(s);
            if (file == null) break;
            ulong first = s == segment ? WalLayout.PageStart(end) : s * (ulong)WalLayout.SegmentSize;
            for (ulong page = first; page < (s + 1) * (ulong)WalLayout.SegmentSize; page += WalLayout.PageSize)
            {
                file.Read(WalLayout.OffsetInSegment(page), head);
                var ph = MemoryMarshal.Read<WalPageHeader>(head);
                if (ph.Magic == WalLayout.PageMagic && ph.PageAddress == page && ph.Check == WalPageHeader.CheckOf(head) &&
                    ph.DurableLag != uint.MaxValue && ph.DurableBefore > end)
                    return (page, ph.DurableBefore);
            }
        }
        return null;
    }

    /// <summary>The WAL page holding <paramref name="lsn"/>, as stored, for the writer to continue in.</summary>
    public ReadOnlySpan<byte> PageHolding(ulong lsn)
    {
        ulong page = WalLayout.PageStart(lsn);
        if (page != _pageLsn) Load(page);
        return _page;
    }

    /// <summary>Reads stream bytes from <paramref name="lsn"/>, skipping page headers; false when a page is not valid WAL.</summary>
    private bool TryRead(ulong lsn, Span<byte> dest, out ulong end)
    {
        int done = 0;
        end = lsn;
        while (done < dest.Length)
        {
            ulong page = WalLayout.PageStart(lsn);
            if (page != _pageLsn) Load(page);
            if (!_pageValid) return false;
            int inPage = (int)(lsn - page);
            int n = Math.Min(dest.Length - done, WalLayout.PageSize - inPage);
            _page.AsSpan(inPage, n).CopyTo(dest[done..]);
            done += n;
            lsn += (ulong)n;
            if (done < dest.Length) lsn = page + WalLayout.PageSize + WalPageHeader.Size;
        }
        end = lsn;
        return true;
    }

    private void Load(ulong page)
    {
        _pageLsn = page;
        var file = _segments.TryOpen(WalLayout.Segment(page));
        if (file == null)
        {
            _pageValid = false;
            _page.AsSpan().Clear();
            return;
        }
        file.Read(WalLayout.OffsetInSegment(page), _page);
        var ph = MemoryMarshal.Read<WalPageHeader>(_page);
        _pageValid = ph.Magic == WalLayout.PageMagic && ph.PageAddress == page;
    }
}
