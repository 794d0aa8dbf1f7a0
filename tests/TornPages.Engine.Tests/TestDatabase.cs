using System.Buffers.Binary;
using TornPages.Engine.Files;
using TornPages.Engine.Strategies;
using TornPages.Storage;

namespace TornPages.Engine.Tests;

/// <summary>A one-table database for engine tests: "items" (key int4, value int4, 89 bytes of filler) and its primary key.</summary>
public static class TestDatabase
{
    public static readonly Relation Items = new(0, "items", RelKind.Heap);
    public static readonly Relation ItemsPkey = new(1, "items_pkey", RelKind.Index, Heap: 0, FillFactor: 90);
    public static Catalog Catalog => new([Items, ItemsPkey]);
    public const int ValueOffset = 4;

    public static byte[] Row(int key)
    {
        var r = new byte[97];
        BinaryPrimitives.WriteInt32LittleEndian(r, key);
        return r;
    }

    public static Database Create(IStorageDevice dev, string strategy = "fpw", int rows = 2000, int buffers = 64, int walFlushAlign = 0)
    {
        var db = Database.Create(dev, Catalog, new DatabaseOptions(StrategyCatalog.Parse(strategy), buffers) { WalFlushAlign = walFlushAlign });
        var tids = db.Loader.LoadHeap(Items, rows, i => Row(i + 1), Database.LoadXid);
        db.Loader.BuildIndex(ItemsPkey, Enumerable.Range(1, rows).ToArray(), tids);
        db.WritePath.SyncData();
        db.Checkpoint();
        return db;
    }

    public static Database Open(IStorageDevice dev, string strategy = "fpw", int buffers = 64, int walFlushAlign = 0) =>
        Database.Open(dev, Catalog, new DatabaseOptions(StrategyCatalog.Parse(strategy), buffers) { WalFlushAlign = walFlushAlign });

    public static void Add(Database db, int key, int delta)
    {
        db.Begin();
        Assert.True(db.AddToInt32(Items, key, ValueOffset, delta), $"key {key} not found");
        db.Commit();
    }

    /// <summary>
    /// What a crash during its write can leave of block 0 of items: its fourth 512-byte sector
    /// garbage, the rest as written. Call after the crash (the write is made durable at once).
    /// </summary>
    public static void TearFirstItemsPage(SimulatedDevice dev)
    {
        var f = dev.Open(Items.FileName, FileClass.Data);
        f.Write(3 * 512, Enumerable.Repeat((byte)0x5A, 512).ToArray());
        f.Sync();
    }

    public static int Value(Database db, int key)
    {
        Assert.True(db.TryReadInt32(Items, key, ValueOffset, out int v), $"key {key} not found");
        return v;
    }

    /// <summary>Both devices hold the same files with the same bytes (two ways of doing the same work left the same database).</summary>
    public static void AssertSameFiles(SimulatedDevice expected, SimulatedDevice actual)
    {
        Assert.Equal(expected.List().Order(), actual.List().Order());
        foreach (var name in expected.List())
        {
            var a = ReadAll(actual, name);
            var b = ReadAll(expected, name);
            Assert.True(a.AsSpan().SequenceEqual(b), $"{name} differs ({a.Length} and {b.Length} bytes)");
        }
    }

    private static byte[] ReadAll(SimulatedDevice dev, string name)
    {
        var f = dev.Open(name, FileClass.Data);
        var bytes = new byte[f.Length];
        f.Read(0, bytes);
        return bytes;
    }
}
