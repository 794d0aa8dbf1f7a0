using System.CommandLine;
using TornPages.Harness.Devices;
using TornPages.Engine;
using TornPages.Engine.Strategies;
using TornPages.Harness.Runs;
using TornPages.Workloads;

namespace TornPages.Harness.Cli;

/// <summary>
/// <c>tornbench verify</c>: opens an existing database (running crash recovery) and checks it
/// against the oracle: it must hold exactly the first m transactions of the seeded stream, m at
/// least the number the caller saw acknowledged. Exit 0 when it does, 1 when it does not.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "file:DIR of the database to recover", Required = true };
        var strategy = CommonOptions.Strategy("fpw");
        var script = CommonOptions.Script();
        var dist = CommonOptions.Dist();
        var scale = CommonOptions.Int("--scale", 1, "scale the database was loaded with");
        var seed = CommonOptions.Int("--seed", 1, "seed of the run's transaction stream");
        var txns = CommonOptions.Int("--txns", 5000, "transactions the run was asked to run");
        var acked = new Option<long>("--acked")
        {
            Description = "commits that were acknowledged before the crash (without it, only the prefix is checked, and an empty one fails)",
            DefaultValueFactory = _ => -1,
        };
        var buffers = CommonOptions.Int("--buffers", 1024, "buffer pool frames");
        var cmd = new Command("verify", "recover a database and check it holds exactly a prefix of the run's transactions")
        {
            device, strategy, script, dist, scale, seed, txns, acked, buffers,
        };
        cmd.SetAction(p =>
        {
            var s = StrategyCatalog.Parse(p.GetValue(strategy)!);
            var sc = Scripts.Parse(p.GetValue(script)!);
            var d = KeyDistribution.Parse(p.GetValue(dist)!);
            var scaleValue = new Scale(RunCommand.Positive(p.GetValue(scale), "--scale"));
            using var dev = DeviceSpec.Open(p.GetValue(device)!, fresh: false);
            var db = Database.Open(dev, PgbenchSchema.Catalog(), new DatabaseOptions(s, p.GetValue(buffers)));
            var rep = db.Recovery!;
            Console.WriteLine($"recovery: {rep.Records} records replayed from {rep.RedoLsn:X} to {rep.EndLsn:X}, " +
                              $"{rep.ImagesRestored} images restored, {rep.AbortedXids.Count} unfinished transaction(s) rolled back, {rep.Duration.TotalMilliseconds:F0} ms");
            if (!rep.Clean)
            {
                Console.WriteLine($"FAILED: {rep.UnrecoverablePages.Count} unrecoverable torn page(s)");
                return 1;
            }
            long ackedValue = p.GetValue(acked);
            if (ackedValue < -1) throw new ArgumentException($"--acked must not be negative, not {ackedValue}");
            var verdict = Oracle.Verify(db, scaleValue, sc, TransactionStream.Take(scaleValue, d, (ulong)p.GetValue(seed), p.GetValue(txns)), Math.Max(0, ackedValue));
            if (!verdict.Passed)
            {
                Console.WriteLine($"FAILED ({verdict.Outcome}): {verdict.Detail}");
                return 1;
            }
            if (ackedValue < 0 && verdict.Survived == 0)
            {
                // Nothing to compare against, and nothing survived: an empty prefix proves nothing.
                Console.WriteLine("FAILED: the state equals no transaction at all (no --acked given, so nothing shows that none was acknowledged)");
                return 1;
            }
            Console.WriteLine($"OK: {verdict.Detail}" + (ackedValue < 0 ? "; not checked against acknowledged commits (no --acked)" : ""));
            return 0;
        });
        return cmd;
    }
}
