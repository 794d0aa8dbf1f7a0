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
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i].SetValue(start, (long)(i + 1));
            fields[i].SetValue(end, (long)(3 * (i + 1) + 100));
        }
        start.CountRecord(RecordType.Commit, false, 100, 0, 0);
        end.CountRecord(RecordType.Commit, false, 100, 0, 0);
        end.CountRecord(RecordType.HeapUpdate, false, 8000, 1, 7000);
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
}
