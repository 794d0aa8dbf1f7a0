using TornPages.Engine.Buffers;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Buffers;

public class BackgroundWriterTests
{
    /// <summary>Random updates over a table four times the pool: evictions all the time.</summary>
    private static Database Run(BackgroundWriterPolicy policy, int updates = 3000)
    {
        var db = Create(new SimulatedDevice(), rows: 20_000, buffers: 64);
        db.BgWriter.Policy = policy;
        var rng = new Random(6);
        for (int i = 0; i < updates; i++)
        {
            Add(db, rng.Next(1, 20_001), 1);
            db.MaybeBackgroundWrite();
        }
        return db;
    }

    [Fact]
    public void Cleaning_ahead_of_the_clock_hand_takes_writes_off_the_clients_that_evict()
    {
        var without = Run(BackgroundWriterPolicy.Off);
        var with = Run(new BackgroundWriterPolicy(DelayTransactions: 5));
        Assert.Equal(0, without.Pool.WritesByBgwriter);
        Assert.True(with.Pool.WritesByBgwriter > 500, $"{with.Pool.WritesByBgwriter} pages written by the background writer");
        Assert.True(with.Pool.WritesByBackend < without.Pool.WritesByBackend / 2,
            $"clients wrote {with.Pool.WritesByBackend} victims with a background writer, {without.Pool.WritesByBackend} without");
        Assert.True(with.BgWriter.Rounds >= 590);
        // Every value is still where the updates put it.
        for (int k = 1; k <= 20_000; k += 101) Assert.Equal(Value(without, k), Value(with, k));
    }

    [Fact]
    public void A_round_writes_no_more_than_its_page_limit()
    {
        var db = Run(new BackgroundWriterPolicy(DelayTransactions: 50, LruMaxPages: 3), updates: 1000);
        Assert.Equal(20, db.BgWriter.Rounds);
        Assert.InRange(db.Pool.WritesByBgwriter, 1, 3 * 20);
    }

    [Fact]
    public void A_round_comes_every_delay_on_the_clock()
    {
        var db = Create(new SimulatedDevice(), rows: 2000, buffers: 64);
        double now = 0;
        db.Clock = () => now;
        db.BgWriter.Policy = new BackgroundWriterPolicy(DelaySeconds: 0.2);
        for (int i = 0; i < 100; i++)
        {
            now += 0.01;
            db.MaybeBackgroundWrite();
        }
        // The first call starts the clock; then a round every 0.2 s of the remaining 0.99 s.
        Assert.InRange(db.BgWriter.Rounds, 4, 5);
    }
}
