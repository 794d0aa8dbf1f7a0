using System.Buffers.Binary;
using TornPages.Engine.Wal;
using TornPages.Storage;

namespace TornPages.Engine.Tests.Wal;

public class WalReaderTests
{
    private static (WalWriter Writer, WalSegments Segments) NewWal(SimulatedDevice dev, ushort epoch = 1)
    {
        var seg = new WalSegments(dev);
        return (new WalWriter(seg, epoch, 0, 0, []), seg);
    }

    private static ulong Append(WalWriter w, RecordBuilder b, ulong value, int size = 8)
    {
        b.Begin(RecordType.Commit, 5);
        var m = b.MainBuffer(size);
        m.Fill(0xAB);
        BinaryPrimitives.WriteUInt64LittleEndian(m, value);
        return w.Insert(b, out _);
    }

    /// <summary>6000 records of 3000 bytes: many span WAL pages, and they cross into the second 16 MB segment.</summary>
    private static (WalSegments Segments, ulong End) TwoSegmentsOfWal(SimulatedDevice dev)
    {
        var (w, seg) = NewWal(dev);
        var b = new RecordBuilder(8192);
        ulong end = 0;
        for (ulong i = 1; i <= 6000; i++) end = Append(w, b, i, 3000);
        w.Flush(end);
        return (seg, end);
    }

    private static List<ulong> ReadAll(WalSegments seg, out ulong end)
    {
        var r = new WalReader(seg, WalLayout.FirstLsn);
        var values = new List<ulong>();
        while (r.TryReadNext()) values.Add(BinaryPrimitives.ReadUInt64LittleEndian(r.Record.Main));
        end = r.EndOfValid;
        return values;
    }

    [Fact]
    public void Records_read_back_in_order_across_pages_and_segments()
    {
        var dev = new SimulatedDevice();
        var (seg, end) = TwoSegmentsOfWal(dev);
        var values = ReadAll(seg, out ulong readEnd);
        Assert.Equal(6000, values.Count);
        Assert.Equal(Enumerable.Range(1, 6000).Select(i => (ulong)i), values);
        Assert.Equal(end, readEnd);
        Assert.True(WalLayout.Segment(end) >= 1);
    }

    [Fact]
    public void The_first_record_of_a_segment_is_found_past_the_record_continued_into_it()
    {
        var dev = new SimulatedDevice();
        var (w, seg) = NewWal(dev);
        var b = new RecordBuilder(8192);
        // 3000-byte records: the segment boundary falls inside one, which the next segment's first page continues.
        var starts = new List<ulong>();
        ulong end = 0;
        for (ulong i = 1; i <= 6000; i++)
        {
            b.Begin(RecordType.Commit, 5);
            BinaryPrimitives.WriteUInt64LittleEndian(b.MainBuffer(3000), i);
            end = w.Insert(b, out ulong start);
            starts.Add(start);
        }
        w.Flush(end);
        ulong segmentStart = (ulong)WalLayout.SegmentSize;
        ulong expected = starts.First(s => s >= segmentStart);
        Assert.True(starts.Any(s => s < segmentStart && s + 3000 > segmentStart), "no record crosses the segment boundary");

        Assert.True(WalReader.TryFindFirstRecord(seg, 1, out ulong first));
        Assert.Equal(expected, first);
        var r = new WalReader(seg, first);
        Assert.True(r.TryReadNext());
        Assert.Equal((ulong)starts.IndexOf(expected) + 1, BinaryPrimitives.ReadUInt64LittleEndian(r.Record.Main));
        Assert.True(WalReader.TryFindFirstRecord(seg, 0, out ulong zero));
        Assert.Equal(WalLayout.FirstLsn, zero);
        Assert.False(WalReader.TryFindFirstRecord(seg, 5, out _));
    }

    [Fact]
    public void A_corrupted_byte_ends_the_wal_at_the_record_before_it()
    {
        var dev = new SimulatedDevice();
        var (w, seg) = NewWal(dev);
        var b = new RecordBuilder(8192);
        ulong end = 0;
        var ends = new List<ulong>();
        for (ulong i = 1; i <= 50; i++) ends.Add(end = Append(w, b, i, 100));
        w.Flush(end);
        var f = dev.Open(WalLayout.SegmentName(0), FileClass.Wal);
        var one = new byte[1];
        long at = (long)ends[29] + 40; // inside record 31
        f.Read(at, one);
        one[0] ^= 0xFF;
        f.Write(at, one);
        var values = ReadAll(seg, out ulong readEnd);
        Assert.Equal(30, values.Count);
        Assert.Equal(ends[29], readEnd);
    }

    [Fact]
    public void A_record_left_over_from_before_a_restart_is_not_read_as_part_of_the_new_chain()
    {
        var dev = new SimulatedDevice();
        var (w, seg) = NewWal(dev, epoch: 1);
        var b = new RecordBuilder(8192);
        ulong e1 = Append(w, b, 1);
        ulong e2 = Append(w, b, 2);
        ulong e3 = Append(w, b, 3);
        w.Flush(e3);
        // Recovery (epoch 2) decides the WAL ends after record 1 and continues there with a record of
        // the same size, so the old record 3 sits exactly where the new chain's third record would go.
        var r = new WalReader(seg, WalLayout.FirstLsn);
        Assert.True(r.TryReadNext());
        var w2 = new WalWriter(new WalSegments(dev), 2, r.EndOfValid, r.LastStart, r.PageHolding(r.EndOfValid));
        ulong n2 = Append(w2, b, 22);
        w2.Flush(n2);
        Assert.Equal(e2, n2);
        var values = ReadAll(new WalSegments(dev), out ulong end);
        Assert.Equal(new ulong[] { 1, 22 }, values);
        Assert.Equal(n2, end);
        _ = e1;
    }

    [Fact]
    public void A_recycled_segment_does_not_extend_the_wal_with_its_old_pages()
    {
        var dev = new SimulatedDevice();
        var (seg, end) = TwoSegmentsOfWal(dev);
        seg.Recycle(end); // segment 0 is renamed to a future number
        Assert.False(dev.Exists(WalLayout.SegmentName(0)));
        Assert.True(dev.Exists(WalLayout.SegmentName(2)));
        var r = new WalReader(new WalSegments(dev), end);
        Assert.False(r.TryReadNext());
    }
}
