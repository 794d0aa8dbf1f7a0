using TornPages.Engine.Scheduling;

namespace TornPages.Engine.Tests.Scheduling;

public class SchedulerTests
{
    [Theory]
    [InlineData(1, new[] { 0.001, 0.002, 0.003 })]
    [InlineData(2, new[] { 0.001, 0.001, 0.002 })]
    public void Simulated_cpu_is_shared_by_the_clients_in_turn_on_each_core(int cpus, double[] expected)
    {
        var scheduler = new SimScheduler(() => 0, cpus);
        var done = new double[3];
        scheduler.Run(Enumerable.Range(0, 3).Select(i => (Func<Task>)(async () =>
        {
            await scheduler.Cpu(0.001);
            done[i] = scheduler.Now;
        })).ToList());
        Assert.Equal(expected, done.Select(d => Math.Round(d, 9)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SimScheduler.MaxCpus + 1)]
    public void A_simulated_server_without_cores_or_with_too_many_is_refused(int cpus) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimScheduler(() => 0, cpus));

    [Fact]
    public void A_client_held_by_its_sync_uses_the_cpu_after_it_and_leaves_the_cpu_to_the_others_meanwhile()
    {
        var device = new FakeSyncs();
        var scheduler = new SimScheduler(device.Take);
        double heldResumed = -1, otherResumed = -1;
        scheduler.Run(
        [
            async () =>
            {
                // A sync done at 100 us, then 10 us of CPU: the CPU comes after the sync.
                device.Done = 0.000_1;
                await scheduler.Cpu(0.000_01);
                heldResumed = scheduler.Now;
            },
            async () =>
            {
                // 10 us of CPU at once: the CPU is free while the other client waits for its sync.
                await scheduler.Cpu(0.000_01);
                otherResumed = scheduler.Now;
            },
        ]);
        Assert.Equal(0.000_11, heldResumed, 9);
        Assert.Equal(0.000_01, otherResumed, 9);
    }

    [Fact]
    public void Device_work_started_apart_runs_beside_the_clients_and_a_sync_a_client_makes_holds_only_that_client()
    {
        var device = new FakeSyncs();
        var scheduler = new SimScheduler(device.Take);
        double completedAt = -1, afterBlockingSync = -1;
        scheduler.Run(
        [
            async () =>
            {
                // A group flush whose sync the device has done at 100 us; only this client waits for it.
                var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                scheduler.StartIo(() => device.Done = 0.000_1, () =>
                {
                    completedAt = scheduler.Now;
                    flushed.SetResult();
                });
                await flushed.Task;
            },
            async () =>
            {
                await scheduler.At(0.000_01);
                // A sync this client makes itself, done at 160 us: it continues no earlier.
                device.Done = 0.000_16;
                await scheduler.At(0);
                afterBlockingSync = scheduler.Now;
            },
        ]);
        Assert.Equal(0.000_16, afterBlockingSync, 9);
        // The flush was done on the device at 100 us and its client learns of it then: the other
        // client's sync held only that client, as a backend in fsync holds only itself.
        Assert.Equal(0.000_1, completedAt, 9);
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

    /// <summary>Stands in for the simulated device: when the syncs made since the last look are done.</summary>
    private sealed class FakeSyncs
    {
        public double Done;

        public double Take()
        {
            double t = Done;
            Done = 0;
            return t;
        }
    }
}
