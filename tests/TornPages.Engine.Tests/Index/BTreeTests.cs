using System.Buffers.Binary;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Index;

public class BTreeTests
{
    [Fact]
    public void Leaf_and_root_splits_keep_every_key_reachable_with_one_live_version()
    {
        var db = Create(new SimulatedDevice(), rows: 10, buffers: 32);
        var rng = new Random(4);
        var keys = Enumerable.Range(11, 5000).OrderBy(_ => rng.Next()).ToArray();
        foreach (int key in keys)
        {
            db.Begin();
            var row = Row(key);
            BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(ValueOffset), key * 3);
            db.Insert(Items, row);
            db.Commit();
        }
        Assert.True(db.Indexes.Splits >= 10, $"only {db.Indexes.Splits} splits");
        for (int k = 1; k <= 5010; k++)
        {
            Assert.Equal(1, db.CountLive(Items, k));
            Assert.Equal(k <= 10 ? 0 : k * 3, Value(db, k));
        }
    }

    [Fact]
    public void Splits_are_replayed_by_recovery()
    {
        var dev = new SimulatedDevice(new CrashModel(512, PersistProbability: 0));
        var db = Create(dev, rows: 10, buffers: 32);
        for (int key = 11; key <= 3000; key++)
        {
            db.Begin();
            db.Insert(Items, Row(key));
            db.Commit();
        }
        Assert.True(db.Indexes.Splits > 0);
        dev.Crash();
        var db2 = Open(dev);
        Assert.True(db2.Recovery!.Clean);
        for (int k = 1; k <= 3000; k++) Assert.Equal(1, db2.CountLive(Items, k));
    }
}
