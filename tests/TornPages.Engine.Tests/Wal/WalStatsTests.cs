using TornPages.Engine.Wal;

namespace TornPages.Engine.Tests.Wal;

public class WalStatsTests
{
    [Fact]
    public void Since_differences_every_counter()
    {
        var fields = typeof(WalStats).GetFields().Where(f => f.FieldType == typeof(long)).ToArray();
        var start = new WalStats();
        var end = new WalStats();
        // Counted first: CountRecord adds to the totals too, which the loop then sets.
        start.CountRecord(RecordType.Commit, false, 100, 0, 0);
        end.CountRecord(RecordType.Commit, false, 100, 0, 0);
        end.CountRecord(RecordType.HeapUpdate, false, 8000, 1, 7000);
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i].SetValue(start, (long)(i + 1));
            fields[i].SetValue(end, (long)(3 * (i + 1) + 100));
        }
        var snapshot = end.Snapshot();
        end.CountRecord(RecordType.Commit, false, 100, 0, 0);
        var d = snapshot.Since(start);
        for (int i = 0; i < fields.Length; i++)
            Assert.True((long)fields[i].GetValue(d)! == 2 * (i + 1) + 100, $"{fields[i].Name} is not differenced");
        // By type too, and a snapshot does not share its counts with the live stats.
        Assert.Equal(0, d.ByType[(int)RecordType.Commit].Count);
        var update = d.ByType[(int)RecordType.HeapUpdate];
        Assert.Equal((1L, 1000L, 1L, 7000L), (update.Count, update.RecordBytes, update.FpiCount, update.FpiBytes));
    }

    [Fact]
    public void A_record_is_counted_in_the_totals_and_by_type_alike()
    {
        var w = new WalStats();
        w.CountRecord(RecordType.HeapUpdate, false, 8000, 1, 7000);
        w.CountRecord(RecordType.HeapInsert, true, 80, 0, 0);
        Assert.Equal((1080L, 1L, 7000L), (w.RecordBytes, w.FpiCount, w.FpiBytes));
        Assert.Equal(1, w.ByType[RecordTypes.StatsIndex(RecordType.HeapInsert, true)].Count);
        Assert.Equal(0, w.ByType[(int)RecordType.HeapInsert].Count);
    }
}
