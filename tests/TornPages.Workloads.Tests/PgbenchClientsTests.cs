using TornPages.Engine;
using TornPages.Engine.Scheduling;
using TornPages.Engine.Strategies;
using TornPages.Storage;

namespace TornPages.Workloads.Tests;

public class PgbenchClientsTests
{
    private static readonly Scale Small = new(2, AccountsPerBranch: 3000);
    private static readonly Scale Wide = new(16, AccountsPerBranch: 500);

    private sealed record Outcome(Database Db, SimulatedDevice Device, PgbenchClients Clients, double Seconds, TransactionSpec[] Specs);

    private static Outcome Run(int clients, int txns, string strategy = "fpw", int seed = 5, Scale? scale = null)
    {
        var s = scale ?? Small;
        var device = new SimulatedDevice(cost: DeviceProfiles.NvmePlp);
        var db = Database.Create(device, PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse(strategy), 64));
        PgbenchLoader.Load(db, s);
        db.VacuumPolicy = new(Every: 300);
        db.CheckpointPolicy = new CheckpointPolicy(EveryTransactions: 500);
        var scheduler = new SimScheduler(device.TakeSyncsDone);
        device.Clock = () => scheduler.Now;
        var run = new PgbenchClients(db, Script.TpcbLike, scheduler, clients, cpuPerStatement: 5e-6);
        run.Run(new TransactionStream(s, KeyDistribution.Uniform, (ulong)seed), txns, (_, _) => db.RunBackgroundWork(scheduler));
        return new Outcome(db, device, run, scheduler.Now, TransactionStream.Take(s, KeyDistribution.Uniform, (ulong)seed, txns));
    }

    [Fact]
    public void Sixteen_clients_with_vacuum_and_checkpoints_leave_exactly_the_state_their_transactions_add_up_to()
    {
        // Two branches, twenty tellers: the rows every transaction updates last are locked most of
        // the time, versions pile up in HOT chains that commit out of xid order, and pruning must
        // cut those chains only where every earlier version is dead.
        var o = Run(clients: 16, txns: 3000);
        var v = Oracle.Verify(o.Db, Small, Script.TpcbLike, o.Specs, 3000);
        Assert.True(v.Passed, v.Detail);
        Assert.Equal(3000, v.Survived);
        Assert.Equal(0, o.Db.ActiveTransactions);
    }

    [Fact]
    public void Clients_share_wal_flushes_and_wait_for_rows_locked_until_a_commit_is_durable()
    {
        // Sixteen branches, so that eight clients are not all queued on one row (as at scale 1,
        // where the branch row serializes every commit and no flush can cover two).
        var one = Run(clients: 1, txns: 1000, scale: Wide);
        var many = Run(clients: 8, txns: 1000, scale: Wide);
        Assert.Equal(0, one.Clients.Locks.Waits);
        Assert.True(many.Clients.Locks.Waits > 0, "eight clients on sixteen branches never waited for a row");
        Assert.True(many.Clients.Locks.WaitSeconds > 0);
        double perFlush = (double)many.Clients.Group.CommitsAcknowledged / many.Clients.Group.Flushes;
        Assert.Equal(1000, many.Clients.Group.CommitsAcknowledged);
        Assert.True(perFlush > 1.5, $"{perFlush:F2} commits per flush");
        Assert.True(many.Device.Stats[FileClass.Wal].Syncs < one.Device.Stats[FileClass.Wal].Syncs * 0.7,
            $"WAL syncs: {many.Device.Stats[FileClass.Wal].Syncs} with 8 clients, {one.Device.Stats[FileClass.Wal].Syncs} with 1");
    }

    [Fact]
    public void A_simulated_run_with_clients_is_the_same_run_twice()
    {
        var a = Run(clients: 8, txns: 800, seed: 9);
        var b = Run(clients: 8, txns: 800, seed: 9);
        Assert.Equal(a.Seconds, b.Seconds);
        Assert.Equal(a.Db.Wal.Stats.Bytes, b.Db.Wal.Stats.Bytes);
        Assert.Equal(a.Db.Wal.Stats.FpiCount, b.Db.Wal.Stats.FpiCount);
        Assert.Equal(a.Device.Stats.TotalWriteBytes, b.Device.Stats.TotalWriteBytes);
        Assert.Equal(a.Device.Stats.TotalSyncs, b.Device.Stats.TotalSyncs);
        Assert.Equal(a.Clients.Locks.Waits, b.Clients.Locks.Waits);
        Assert.Equal(a.Clients.Locks.WaitSeconds, b.Clients.Locks.WaitSeconds);
        // And another seed is another run: the check above could fail.
        var c = Run(clients: 8, txns: 800, seed: 10);
        Assert.NotEqual(a.Seconds, c.Seconds);
    }
}
