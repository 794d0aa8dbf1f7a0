using TornPages.Engine;
using TornPages.Engine.Index;
using TornPages.Engine.Strategies;
using TornPages.Storage;

namespace TornPages.Workloads.Tests;

public class PgbenchLoaderTests
{
    [Fact]
    public void Scale_one_loads_as_many_pages_as_postgresql_15()
    {
        var db = Database.Create(new SimulatedDevice(), PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse("none"), 64));
        PgbenchLoader.Load(db, new Scale(1));
        // PostgreSQL 15 after pgbench -i -s 1: 61 accounts per page, 1640 pages; tellers and branches one page each.
        Assert.Equal(1640u, db.Store.BlockCount(PgbenchSchema.Accounts.Id));
        Assert.Equal(1u, db.Store.BlockCount(PgbenchSchema.Tellers.Id));
        Assert.Equal(1u, db.Store.BlockCount(PgbenchSchema.Branches.Id));
        // About 364 int4 entries per leaf at 90% fill: 100000 keys take about 275 leaves, plus meta and root.
        uint indexPages = db.Store.BlockCount(PgbenchSchema.AccountsPkey.Id);
        Assert.InRange(indexPages, 270u, 285u);
        int frame = db.Pool.Pin(PgbenchSchema.AccountsPkey.Id, 1);
        Assert.InRange(IndexPage.Count(db.Pool.Page(frame)), 355, 370);
        db.Pool.Unpin(frame);
    }
}
