using TornPages.Engine.Scheduling;

namespace TornPages.Engine.Tests.Scheduling;

public class SchedulerTests
{
    [Fact]
    public void Simulated_cpu_is_one_core_shared_by_the_clients_in_turn()
    {
        var scheduler = new SimScheduler(() => 0);
        var done = new double[3];
        scheduler.Run(Enumerable.Range(0, 3).Select(i => (Func<Task>)(async () =>
        {
            await scheduler.Cpu(0.001);
            done[i] = scheduler.Now;
        })).ToList());
        Assert.Equal([0.001, 0.002, 0.003], done.Select(d => Math.Round(d, 9)));
    }

    [Fact]
    public void Device_work_started_apart_runs_beside_the_clients_while_a_sync_the_engine_makes_stops_them_all()
    {
        // Stands in for the simulated device: when the syncs made since the last look are done.
        double syncsDone = 0;
        double Take()
        {
            double t = syncsDone;
            syncsDone = 0;
            return t;
        }
        var scheduler = new SimScheduler(Take);
        double completedAt = -1, afterBlockingSync = -1;
        scheduler.Run(
        [
            async () =>
            {
                // A group flush whose sync the device has done at 100 us; only this client waits for it.
                var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                scheduler.StartIo(() => syncsDone = 0.000_1, () =>
                {
                    completedAt = scheduler.Now;
                    flushed.SetResult();
                });
                await flushed.Task;
            },
            async () =>
            {
                await scheduler.At(0.000_01);
                // A sync the engine makes itself, done at 160 us: nothing runs until then.
                syncsDone = 0.000_16;
                await scheduler.At(0);
                afterBlockingSync = scheduler.Now;
            },
        ]);
        Assert.Equal(0.000_16, afterBlockingSync, 9);
        // The flush was done on the device at 100 us, but the engine thread, stopped by its own
        // sync, learns of it only when that sync returns.
        Assert.Equal(0.000_16, completedAt, 9);
    }

    [Fact]
    public void A_failing_client_stops_the_run_with_its_own_error_not_a_deadlock()
    {
        var scheduler = new SimScheduler(() => 0);
        var never = new TaskCompletionSource();
        var e = Assert.Throws<InvalidOperationException>(() => scheduler.Run(
        [
            async () =>
            {
                await scheduler.At(0.001);
                throw new InvalidOperationException("the client's own failure");
            },
            async () => await never.Task,
        ]));
        Assert.Equal("the client's own failure", e.Message);
    }

    [Fact]
    public void Clients_that_wait_for_each_other_forever_are_reported_as_deadlocked()
    {
        var scheduler = new SimScheduler(() => 0);
        var never = new TaskCompletionSource();
        var e = Assert.Throws<InvalidOperationException>(() => scheduler.Run([async () => await never.Task]));
        Assert.Contains("deadlocked", e.Message);
    }
}
