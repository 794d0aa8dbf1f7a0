using TornPages.Engine;
using TornPages.Engine.Strategies;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Tests.Cli;

/// <summary>
/// Recovery on real files that were damaged after the fact (not by a crash): each case ends within
/// seconds in one line naming the file and what is wrong, exit 2; never a hang, a stack trace, or
/// a success it did not check. The limit below guards against a hang; it is not a speed target.
/// </summary>
public class DamagedFilesTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static string Database(string strategy)
    {
        string db = Tornbench.TempDir();
        var ok = Tornbench.Run("run", "--strategy", strategy, "--device", "file:" + db, "--txns", "120", "--out", Tornbench.TempDir());
        Assert.True(ok.Exit == 0, ok.Err);
        return db;
    }

    private static (int Exit, string Out, string Err) Verify(string db, string strategy) =>
        Tornbench.RunWithin(Limit, "verify", "--strategy", strategy, "--device", "file:" + db, "--txns", "120");

    [Theory]
    [InlineData("dwb-small")]
    [InlineData("shadow-8k")]
    public void Data_files_zeroed_under_a_strategy_that_replays_onto_them_are_one_line(string strategy)
    {
        string db = Database(strategy);
        foreach (var f in Directory.GetFiles(db, "rel_*")) File.WriteAllBytes(f, new byte[new FileInfo(f).Length]);
        BadInputTests.AssertOneLineError(Verify(db, strategy), "does not apply to it");
    }

    [Theory]
    [InlineData("fpw")]
    [InlineData("dwb-small")]
    [InlineData("shadow-8k")]
    public void A_data_file_shorter_than_the_checkpoint_synced_is_an_error_not_missing_rows(string strategy)
    {
        string db = Database(strategy);
        string accounts = Path.Combine(db, "rel_pgbench_accounts");
        using (var f = File.OpenWrite(accounts)) f.SetLength(f.Length / 2);
        BadInputTests.AssertOneLineError(Verify(db, strategy), "rel_pgbench_accounts is");
        Assert.Contains("shorter than the", Verify(db, strategy).Err);
    }

    [Theory]
    [InlineData("fpw", 0)]
    [InlineData("fpw", 0xAB)]
    [InlineData("dwb-small", 0xAB)]
    public void A_damaged_sector_in_the_middle_of_the_WAL_is_reported_not_taken_as_its_end(string strategy, byte fill)
    {
        string db = Database(strategy);
        using (var f = File.OpenWrite(Path.Combine(db, "wal_0000000000000000")))
        {
            f.Position = 0x10200;
            f.Write(Enumerable.Repeat(fill, 512).ToArray());
        }
        BadInputTests.AssertOneLineError(Verify(db, strategy), "durable WAL is damaged");
    }

    [Fact]
    public void Waldump_lists_the_WAL_up_to_a_damaged_sector_and_then_says_it_is_damage()
    {
        string db = Database("fpw");
        using (var f = File.OpenWrite(Path.Combine(db, "wal_0000000000000000")))
        {
            f.Position = 0x10200;
            f.Write(new byte[512]);
        }
        var r = Tornbench.RunWithin(Limit, "waldump", db);
        Assert.Contains("Heap/", r.Out);
        BadInputTests.AssertOneLineError(r, "durable WAL is damaged");
    }

    [Fact]
    public void Verify_without_acked_does_not_call_an_empty_state_ok()
    {
        string db = Tornbench.TempDir();
        using (var dev = new FileDevice(db))
        {
            var d = TornPages.Engine.Database.Create(dev, PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse("fpw"), 256));
            PgbenchLoader.Load(d, new Scale(1));
        }
        var r = Tornbench.RunWithin(Limit, "verify", "--device", "file:" + db, "--txns", "10");
        Assert.Equal(1, r.Exit);
        Assert.Contains("FAILED: the state equals no transaction at all", r.Out);
        Assert.DoesNotContain("OK", r.Out);
        var withAcked = Tornbench.RunWithin(Limit, "verify", "--device", "file:" + db, "--txns", "10", "--acked", "0");
        Assert.True(withAcked.Exit == 0, withAcked.Out + withAcked.Err);
    }
}
