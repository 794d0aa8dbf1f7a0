using TornPages.Storage;

namespace TornPages.Engine.Wal;

/// <summary>
/// Reads the WAL a database directory holds, as pg_waldump does: from the first record that starts
/// in its oldest segment to the end of valid WAL, without recovering or changing anything.
/// </summary>
public sealed class WalDump
{
    private readonly WalSegments _segments;

    /// <exception cref="InvalidDataException">The device holds no WAL segment with a valid record start.</exception>
    public WalDump(IStorageDevice device)
    {
        _segments = new WalSegments(device);
        var numbers = new List<ulong>();
        foreach (var name in device.List())
            if (WalLayout.TryParseSegmentName(name, out ulong s)) numbers.Add(s);
        if (numbers.Count == 0) throw new InvalidDataException("no WAL segment (wal_*) in the directory");
        numbers.Sort();
        foreach (ulong s in numbers)
            if (WalReader.TryFindFirstRecord(_segments, s, out ulong lsn))
            {
                Start = lsn;
                return;
            }
        throw new InvalidDataException($"none of the {numbers.Count} WAL segment(s) starts with a valid WAL page");
    }

    /// <summary>Where the first record read starts.</summary>
    public ulong Start { get; }

    /// <summary>Where the last valid record read ends (after <see cref="Records"/> or <see cref="Statistics"/>).</summary>
    public ulong End { get; private set; }

    /// <summary>Every record in order; each is valid until the next is read.</summary>
    public IEnumerable<DecodedRecord> Records()
    {
        var reader = new WalReader(_segments, Start);
        End = Start;
        while (reader.TryReadNext())
        {
            End = reader.EndOfValid;
            yield return reader.Record;
        }
    }

    /// <summary>
    /// After <see cref="Records"/>: null when the WAL ends where a crash may have cut it; otherwise
    /// a sentence saying that durable WAL past <see cref="End"/> is damaged (<see cref="WalReader.DurableBeyond"/>).
    /// </summary>
    public string? DamageAfterEnd() =>
        WalReader.DurableBeyond(_segments, End) is var (page, durable)
            ? $"{WalLayout.SegmentName(WalLayout.Segment(End))} offset 0x{WalLayout.OffsetInSegment(End):X}: the WAL stops at LSN {End:X}, " +
              $"but page {page:X} was written when WAL up to {durable:X} was durable: durable WAL is damaged"
            : null;

    /// <summary>Counts by record type, as the engine counts them while logging (record bytes without images, images apart).</summary>
    public WalStats Statistics()
    {
        var stats = new WalStats();
        foreach (var rec in Records())
        {
            int images = 0, imageBytes = 0;
            bool init = false;
            for (int i = 0; i < rec.BlockCount; i++)
            {
                init |= rec.Block(i).WillInit;
                if (rec.Block(i).HasImage)
                {
                    images++;
                    imageBytes += rec.Block(i).Header.ImageLength;
                }
            }
            stats.Records++;
            stats.CountRecord(rec.Type, init, rec.Length, images, imageBytes);
        }
        stats.Bytes = (long)(End - Start);
        return stats;
    }
}
