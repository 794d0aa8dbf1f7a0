using TornPages.Engine;
using TornPages.Engine.Strategies;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Workloads.Tests;

public class SmokeTests
{
    [Fact]
    public void A_run_then_a_clean_reopen_passes_the_oracle()
    {
        var dev = new SimulatedDevice();
        var scale = new Scale(1);
        var db = Database.Create(dev, PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse("fpw"), 256));
        PgbenchLoader.Load(db, scale);
        db.CheckpointPolicy = new CheckpointPolicy(EveryTransactions: 300);
        var txns = TransactionStream.Take(scale, KeyDistribution.Uniform, 7, 1000);
        var run = new PgbenchTransactions(db, Script.TpcbLike);
        for (int i = 0; i < txns.Length; i++)
        {
            run.Execute(txns[i], (ulong)(i + 1));
            db.MaybeCheckpoint();
        }
        var v1 = Oracle.Verify(db, scale, Script.TpcbLike, txns, txns.Length);
        Assert.True(v1.Passed, v1.Detail);
        var db2 = Database.Open(dev, PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse("fpw"), 256));
        var v = Oracle.Verify(db2, scale, Script.TpcbLike, txns, txns.Length);
        Assert.True(v.Passed, v.Detail);
    }
}
