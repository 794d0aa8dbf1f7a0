using TornPages.Engine.Vacuuming;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Vacuuming;

public class AutovacuumTests
{
    private static VacuumPolicy EveryTenTransactions => new(Autovacuum: true, NaptimeTransactions: 10);

    /// <summary>An open transaction, off the engine: while it runs no version replaced after it started is dead to pruning.</summary>
    private static uint HoldHorizon(Database db)
    {
        db.Begin();
        return db.Suspend();
    }

    private static void Release(Database db, uint xid)
    {
        db.Resume(xid);
        db.Commit();
    }

    [Fact]
    public void Loaded_rows_count_as_live_and_each_update_leaves_one_dead_version_until_pruning_removes_it()
    {
        var db = Create(new SimulatedDevice(), rows: 2000, buffers: 256);
        Assert.Equal(2000, db.Heap.Tuples.Live(Items.Id));
        Assert.Equal(0, db.Heap.Tuples.Dead(Items.Id));
        uint held = HoldHorizon(db);
        for (int k = 1; k <= 30; k++) Add(db, k, 1);
        Assert.Equal(30, db.Heap.Tuples.Dead(Items.Id));
        Release(db, held);
        // Updating the same few rows again and again: pruning collapses their HOT chains, and those dead versions need no vacuum.
        for (int i = 0; i < 2000; i++) Add(db, 1 + i % 5, 1);
        Assert.True(db.Heap.Prunes > 0);
        Assert.True(db.Heap.Tuples.Dead(Items.Id) < 100, $"{db.Heap.Tuples.Dead(Items.Id)} dead versions counted after 2030 updates and {db.Heap.Prunes} prunes");
        Assert.Equal(2000, db.Heap.Tuples.Live(Items.Id));
    }

    [Fact]
    public void A_table_is_vacuumed_once_its_dead_versions_pass_50_plus_a_fifth_of_its_live_ones()
    {
        // 200 rows: the threshold is 50 + 0.2 x 200 = 90 dead versions.
        var db = Create(new SimulatedDevice(), rows: 200, buffers: 64);
        db.VacuumPolicy = EveryTenTransactions;
        uint held = HoldHorizon(db);
        var rng = new Random(1);
        int deadAtFirstPass = -1;
        for (int i = 0; i < 400 && deadAtFirstPass < 0; i++)
        {
            Add(db, rng.Next(1, 201), 1);
            long dead = db.Heap.Tuples.Dead(Items.Id);
            if (db.MaybeVacuum() || db.Vacuum.Running) deadAtFirstPass = (int)dead;
        }
        // The launcher looks every 10 transactions: the first look past 90 dead versions starts the pass.
        Assert.InRange(deadAtFirstPass, 91, 91 + 10);
        Assert.Equal(0, db.Heap.Tuples.Dead(Items.Id));
        Assert.False(db.Vacuum.Running, "a pass with no cost limit runs whole");
        Assert.Equal(1, db.Vacuum.PassesOf(Items.Id));
        Release(db, held);
    }

    [Fact]
    public void A_large_table_with_few_dead_versions_is_left_alone()
    {
        // 20 000 rows: the threshold is 4050; 1000 updates stay below it.
        var db = Create(new SimulatedDevice(), rows: 20_000, buffers: 256);
        db.VacuumPolicy = EveryTenTransactions;
        uint held = HoldHorizon(db);
        var rng = new Random(2);
        for (int i = 0; i < 1000; i++)
        {
            Add(db, rng.Next(1, 20_001), 1);
            db.MaybeVacuum();
        }
        Assert.Equal(0, db.Vacuum.Passes);
        Assert.Equal(1000, db.Heap.Tuples.Dead(Items.Id));
        Release(db, held);
    }

    [Fact]
    public void The_launcher_looks_only_when_its_naptime_has_passed_on_the_clock()
    {
        var db = Create(new SimulatedDevice(), rows: 200, buffers: 64);
        double now = 0;
        db.Clock = () => now;
        db.VacuumPolicy = new VacuumPolicy(Autovacuum: true, NaptimeSeconds: 1);
        uint held = HoldHorizon(db);
        for (int k = 1; k <= 200; k++) Add(db, k, 1);
        Release(db, held);
        Assert.True(db.Heap.Tuples.Dead(Items.Id) > 90);
        Assert.False(db.MaybeVacuum());
        now = 0.9;
        Assert.False(db.MaybeVacuum());
        Assert.False(db.Vacuum.Running);
        now = 1.0;
        Assert.True(db.MaybeVacuum(), "the first look, one naptime after the first call, vacuums the table whole (no cost limit)");
        Assert.Equal(1, db.Vacuum.PassesOf(Items.Id));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(90, false)]
    [InlineData(91, true)]
    public void The_threshold_is_50_plus_a_fifth_of_the_live_rows(long dead, bool vacuum) =>
        Assert.Equal(vacuum, VacuumPolicy.AutovacuumDefaults(60).NeedsVacuum(200, dead));

    [Fact]
    public void The_policy_names_itself_as_runs_csv_records_it()
    {
        Assert.Equal("autovacuum:50+0.2x,nap:1s,limit:200,delay:2ms", VacuumPolicy.AutovacuumDefaults(1).ToString());
        Assert.Equal("every:1000,whole", new VacuumPolicy(1000).ToString());
        Assert.Equal("off", new VacuumPolicy().ToString());
        Assert.Throws<ArgumentException>(() => new VacuumPolicy(Every: 10, Autovacuum: true).Validate());
    }
}
