using TornPages.Engine.Scheduling;
using TornPages.Engine.Wal;
using TornPages.Storage;

namespace TornPages.Engine.Tests.Scheduling;

public class GroupCommitTests
{
    [Fact]
    public void Commits_that_arrive_while_a_flush_is_in_flight_are_acknowledged_together_by_the_next_flush()
    {
        var device = new SimulatedDevice(cost: DeviceProfiles.NvmePlp);
        var db = TestDatabase.Create(device, "none");
        var scheduler = new SimScheduler(device.TakeSyncsDone);
        device.Clock = () => scheduler.Now;
        var group = new GroupCommit(db.Wal, scheduler);
        long syncs0 = device.Stats[FileClass.Wal].Syncs;
        var acknowledged = new List<(int Client, double At)>();
        scheduler.Run(Enumerable.Range(0, 5).Select(i => (Func<Task>)(async () =>
        {
            // Client 0 commits at once; clients 1-4 commit while its flush (100 us) is in flight.
            if (i > 0) await scheduler.At(0.000_01 * i);
            uint xid = db.Begin();
            Assert.True(db.AddToInt32(TestDatabase.Items, 10 + i, TestDatabase.ValueOffset, 1));
            ulong end = db.InsertCommit((ulong)i);
            await group.WaitDurable(end);
            Assert.True(db.Wal.FlushedLsn >= end);
            db.EndCommitted(xid);
            acknowledged.Add((i, scheduler.Now));
        })).ToList());

        Assert.Equal(2, group.Flushes);
        Assert.Equal(5, group.CommitsAcknowledged);
        Assert.Equal(2, device.Stats[FileClass.Wal].Syncs - syncs0);
        // One flush for client 0, one for the four that queued behind it, acknowledged in commit order.
        Assert.Equal([0, 1, 2, 3, 4], acknowledged.Select(a => a.Client));
        Assert.Single(acknowledged.Skip(1).Select(a => a.At).Distinct());
        Assert.Equal(0, db.ActiveTransactions);
    }
}
