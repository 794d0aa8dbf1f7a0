using TornPages.Engine.Scheduling;

namespace TornPages.Engine.Tests.Scheduling;

public class RowLocksTests
{
    [Fact]
    public void A_row_held_by_another_transaction_is_granted_only_when_it_releases_first_come_first_served()
    {
        var scheduler = new SimScheduler(() => 0);
        var locks = new RowLocks(scheduler);
        var order = new List<string>();
        scheduler.Run(
        [
            async () =>
            {
                await locks.Acquire(1, 7, xid: 10);
                order.Add("10 holds");
                await scheduler.At(0.005);
                order.Add("10 releases");
                locks.ReleaseAll(10);
            },
            async () =>
            {
                await scheduler.At(0.001);
                await locks.Acquire(1, 7, xid: 11);
                order.Add("11 holds");
                locks.ReleaseAll(11);
            },
            async () =>
            {
                await scheduler.At(0.002);
                await locks.Acquire(1, 7, xid: 12);
                order.Add("12 holds");
                locks.ReleaseAll(12);
            },
        ]);
        Assert.Equal(["10 holds", "10 releases", "11 holds", "12 holds"], order);
        Assert.Equal(2, locks.Waits);
        // 11 waited from 1 ms to 5 ms, 12 from 2 ms to 5 ms (granted as 11 released at once).
        Assert.Equal(0.007, locks.WaitSeconds, 9);
    }

    [Fact]
    public void Another_row_or_the_holders_own_row_is_granted_at_once()
    {
        var scheduler = new SimScheduler(() => 0);
        var locks = new RowLocks(scheduler);
        Assert.True(locks.Acquire(1, 7, 10).IsCompletedSuccessfully);
        Assert.True(locks.Acquire(1, 7, 10).IsCompletedSuccessfully);
        Assert.True(locks.Acquire(1, 8, 11).IsCompletedSuccessfully);
        Assert.True(locks.Acquire(2, 7, 11).IsCompletedSuccessfully);
        Assert.False(locks.Acquire(1, 7, 11).IsCompletedSuccessfully);
        Assert.Equal(1, locks.Waits);
    }
}
