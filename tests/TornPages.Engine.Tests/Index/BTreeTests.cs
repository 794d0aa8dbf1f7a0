using System.Buffers.Binary;
using TornPages.Engine.Pages;
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

    [Fact]
    public void A_key_scan_names_every_entry_of_its_key_across_leaves_and_nothing_else()
    {
        var db = Create(new SimulatedDevice(), rows: 10, buffers: 32);
        var index = db.Catalog.IndexOf(Items.Id)!;
        // About 400 entries fill a leaf: 1500 duplicates span several, joined by right links.
        var expected = Enumerable.Range(0, 1500).Select(i => new Tid((uint)(1000 + i / 50), (ushort)(i % 50 + 1))).ToList();
        foreach (var tid in expected) db.Indexes.Insert(index, 20, tid, xid: 0);
        Assert.True(db.Indexes.Splits >= 3, $"only {db.Indexes.Splits} splits");

        var scan = db.Indexes.Scan(index, 20);
        var found = new List<Tid>();
        while (scan.Next(out var tid)) found.Add(tid);
        scan.Dispose();
        Assert.Equal(expected, found);

        var other = db.Indexes.Scan(index, 21);
        Assert.False(other.Next(out _));
        other.Dispose();
        // Every pin the scans took is released: the 32-frame pool still serves a read of every key.
        for (int k = 1; k <= 10; k++) Assert.Equal(1, db.CountLive(Items, k));
    }
}
