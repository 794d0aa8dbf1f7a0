using TornPages.Engine.Vacuuming;
using TornPages.Engine.Index;
using TornPages.Engine.Pages;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Vacuuming;

public class VacuumTests
{
    private static int IndexEntries(Database db)
    {
        int entries = 0;
        for (uint b = 1; b < db.Store.BlockCount(ItemsPkey.Id); b++)
        {
            int f = db.Pool.Pin(ItemsPkey.Id, b);
            var page = db.Pool.Page(f);
            if (PageHeader.Of(page).Kind == PageKind.IndexLeaf) entries += IndexPage.Count(page);
            db.Pool.Unpin(f);
        }
        return entries;
    }

    private static int DeadLinePointers(Database db)
    {
        int dead = 0;
        for (uint b = 0; b < db.Store.BlockCount(Items.Id); b++)
        {
            int f = db.Pool.Pin(Items.Id, b);
            var page = db.Pool.Page(f);
            for (int i = 0; i < LinePointer.Count(page); i++)
                if (LinePointer.Get(page, i).State == LpState.Dead) dead++;
            db.Pool.Unpin(f);
        }
        return dead;
    }

    [Fact]
    public void Vacuum_removes_the_index_entries_of_dead_versions_and_frees_their_line_pointers()
    {
        var db = Create(new SimulatedDevice(), rows: 2000, buffers: 256);
        var rng = new Random(2);
        for (int i = 0; i < 1500; i++) Add(db, rng.Next(1, 2001), 1);
        Assert.True(IndexEntries(db) > 2000, "non-HOT updates added index entries");
        db.Checkpoint();
        db.VacuumPolicy = new(Every: 1);
        Assert.True(db.MaybeVacuum());
        Assert.True(db.Vacuum.IndexEntriesRemoved > 0);
        Assert.Equal(2000, IndexEntries(db));
        Assert.Equal(0, DeadLinePointers(db));
        for (int k = 1; k <= 2000; k++) Assert.Equal(1, db.CountLive(Items, k));
    }

    [Fact]
    public void A_vacuumed_database_recovers_to_the_same_state()
    {
        var dev = new SimulatedDevice(new CrashModel(512, PersistProbability: 0));
        var db = Create(dev, rows: 2000, buffers: 64);
        db.VacuumPolicy = new(Every: 200);
        var rng = new Random(3);
        var expected = new int[2001];
        for (int i = 0; i < 1000; i++)
        {
            int k = rng.Next(1, 2001);
            Add(db, k, i);
            expected[k] += i;
            db.MaybeVacuum();
        }
        Assert.True(db.Vacuum.Passes >= 4);
        dev.Crash();
        var db2 = Open(dev);
        Assert.True(db2.Recovery!.Clean);
        for (int k = 1; k <= 2000; k++) Assert.Equal(expected[k], Value(db2, k));
    }

    [Fact]
    public void Vacuum_by_key_writes_the_same_wal_as_a_pass_over_every_leaf_and_touches_fewer_pages()
    {
        Database Run(bool forgetKeys)
        {
            // 50 updates spread over 50 000 rows (about 137 leaves): most leaves hold no dead entry.
            var db = Create(new SimulatedDevice(), rows: 50_000, buffers: 64);
            var rng = new Random(5);
            for (int i = 0; i < 50; i++) Add(db, rng.Next(1, 50_001), i);
            if (forgetKeys) db.Heap.DeadRootKeys.Clear();
            db.VacuumPolicy = new(Every: 1);
            Assert.True(db.MaybeVacuum());
            return db;
        }
        var byKey = Run(forgetKeys: false);
        var full = Run(forgetKeys: true);
        Assert.Equal(0, byKey.Vacuum.FullIndexScans);
        Assert.Equal(1, full.Vacuum.FullIndexScans);
        Assert.True(byKey.Vacuum.IndexEntriesRemoved >= 40, "the updates left dead index entries to remove");
        Assert.Equal(full.Vacuum.IndexEntriesRemoved, byKey.Vacuum.IndexEntriesRemoved);
        Assert.Equal(full.Wal.Stats.Records, byKey.Wal.Stats.Records);
        Assert.Equal(full.Wal.Stats.Bytes, byKey.Wal.Stats.Bytes);
        Assert.Equal(full.Wal.Stats.FpiBytes, byKey.Wal.Stats.FpiBytes);
        Assert.True(byKey.Pool.Reads < full.Pool.Reads, $"by key read {byKey.Pool.Reads} pages, the full pass {full.Pool.Reads}");
        for (int k = 1; k <= 50_000; k += 97) Assert.Equal(1, byKey.CountLive(Items, k));
    }

    [Fact]
    public void A_paced_pass_lets_transactions_run_between_its_steps_and_frees_only_the_line_pointers_it_collected()
    {
        // 1000 rows on a few pages updated again and again: updates prune pages (leaving new dead line
        // pointers) while a pass is between its first step and its last.
        var dev = new SimulatedDevice(new CrashModel(512, PersistProbability: 0));
        var db = Create(dev, rows: 1000, buffers: 64);
        db.VacuumPolicy = new(Every: 40, CostLimit: 3);
        var rng = new Random(11);
        var expected = new int[1001];
        int commitsDuringPasses = 0;
        for (int i = 0; i < 3000; i++)
        {
            int k = rng.Next(1, 1001);
            Add(db, k, i);
            expected[k] += i;
            if (db.Vacuum.Running) commitsDuringPasses++;
            db.MaybeVacuum();
        }
        Assert.True(db.Vacuum.Passes >= 5, $"{db.Vacuum.Passes} passes finished");
        Assert.True(commitsDuringPasses > 500, $"{commitsDuringPasses} commits ran while a pass was in progress");
        Assert.True(db.Vacuum.IndexEntriesRemoved > 0);
        for (int k = 1; k <= 1000; k++)
        {
            Assert.Equal(1, db.CountLive(Items, k));
            Assert.Equal(expected[k], Value(db, k));
        }
        dev.Crash();
        var recovered = Open(dev);
        Assert.True(recovered.Recovery!.Clean);
        // Every transaction committed: the pass's records, logged after the horizon's transaction committed, roll back none.
        Assert.Empty(recovered.Recovery.AbortedXids);
        for (int k = 1; k <= 1000; k++) Assert.Equal(expected[k], Value(recovered, k));
    }

    [Fact]
    public void A_pass_paced_on_the_clock_sleeps_after_each_cost_limit_and_resumes_when_the_delay_has_passed()
    {
        var db = Create(new SimulatedDevice(), rows: 2000, buffers: 256);
        var rng = new Random(4);
        for (int i = 0; i < 800; i++) Add(db, rng.Next(1, 2001), 1);
        // Clean pages: each one vacuum dirties costs a page dirtied as well as a hit.
        db.Checkpoint();
        double now = 0;
        db.Clock = () => now;
        db.VacuumPolicy = new(Every: 1, CostLimit: 20, CostDelaySeconds: 0.002);
        Assert.False(db.MaybeVacuum());
        Assert.True(db.Vacuum.Running);
        long spent = db.Vacuum.CostSpent;
        Assert.InRange(spent, 20, 20 + VacuumPolicy.PageDirtyCost + VacuumPolicy.PageMissCost);
        // Still asleep: nothing more is done until the delay has passed on the clock.
        now += 0.001;
        Assert.False(db.MaybeVacuum());
        Assert.Equal(spent, db.Vacuum.CostSpent);
        int wakes = 0;
        while (db.Vacuum.Running)
        {
            now += 0.008;
            db.MaybeVacuum();
            wakes++;
        }
        Assert.True(wakes > 5, $"the pass finished after {wakes} wake-ups");
        Assert.Equal(1, db.Vacuum.Passes);
        for (int k = 1; k <= 2000; k += 7) Assert.Equal(1, db.CountLive(Items, k));
    }

    [Fact]
    public void A_paced_pass_with_no_transactions_between_its_steps_writes_the_same_wal_as_a_whole_pass()
    {
        Database Run(VacuumPolicy policy)
        {
            var db = Create(new SimulatedDevice(), rows: 5000, buffers: 64);
            var rng = new Random(8);
            for (int i = 0; i < 2000; i++) Add(db, rng.Next(1, 5001), i);
            db.VacuumPolicy = policy;
            while (!db.MaybeVacuum()) { }
            return db;
        }
        var whole = Run(new VacuumPolicy(Every: 1));
        var paced = Run(new VacuumPolicy(Every: 1, CostLimit: 10));
        Assert.True(paced.Vacuum.CostSpent > 10 * 20, "the paced pass took many steps");
        Assert.Equal(whole.Vacuum.CostSpent, paced.Vacuum.CostSpent);
        Assert.Equal(whole.Wal.Stats.Records, paced.Wal.Stats.Records);
        Assert.Equal(whole.Wal.Stats.Bytes, paced.Wal.Stats.Bytes);
        Assert.Equal(whole.Vacuum.IndexEntriesRemoved, paced.Vacuum.IndexEntriesRemoved);
    }

    [Theory]
    [InlineData(100, 0.001)]
    [InlineData(200, 0.002)]
    [InlineData(2000, 0.008)]
    public void The_sleep_after_a_step_is_the_delay_scaled_by_the_overshoot_and_at_most_four_times_it(int balance, double sleep)
    {
        Assert.Equal(sleep, VacuumPolicy.FixedPaced(1000).SleepAfter(balance), 9);
        Assert.Equal(0, new VacuumPolicy(1000).SleepAfter(balance));
    }
}
