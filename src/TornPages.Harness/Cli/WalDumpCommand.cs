using System.CommandLine;
using System.Globalization;
using TornPages.Engine.Wal;
using TornPages.Storage;

namespace TornPages.Harness.Cli;

/// <summary>
/// <c>tornbench waldump [--stats] DIR</c>: the WAL of a <c>file:</c> database directory, read
/// without recovering it: one line per record, or with <c>--stats</c> a table by record type laid
/// out as <c>pg_waldump --stats=record</c> prints PostgreSQL's.
/// </summary>
internal static class WalDumpCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "a database directory (the DIR of --device file:DIR)" };
        var stats = new Option<bool>("--stats") { Description = "a table by record type (count, record bytes, full-page image bytes) instead of one line per record" };
        var cmd = new Command("waldump", "read the WAL of a database directory, as pg_waldump does") { dir, stats };
        cmd.SetAction(p =>
        {
            string path = p.GetValue(dir)!;
            if (!Directory.Exists(path)) throw new ArgumentException($"no database directory {path}");
            using var device = new FileDevice(path);
            var dump = new WalDump(device);
            if (p.GetValue(stats)) Console.Write(StatsTable(dump.Statistics(), dump.Start, dump.End));
            else
                foreach (var rec in dump.Records()) Console.WriteLine(Describe(rec));
            // As pg_waldump ends on the record it cannot read, but telling damage from a crash's cut.
            if (dump.DamageAfterEnd() is { } damage) throw new InvalidDataException(damage);
            return 0;
        });
        return cmd;
    }

    internal static string Describe(DecodedRecord rec)
    {
        var blocks = string.Join(", ", Enumerable.Range(0, rec.BlockCount).Select(i =>
        {
            ref readonly var b = ref rec.Block(i);
            return $"blkref #{i}: rel {b.Header.Rel} blk {b.Header.Block}{(b.HasImage ? $" FPW {b.Header.ImageLength}" : "")}";
        }));
        return string.Create(CultureInfo.InvariantCulture,
            $"{RecordTypes.Name(rec.Type),-24} len {rec.Length,6}, xid {rec.Xid,8}, lsn {rec.Start:X}{(blocks.Length > 0 ? ", " + blocks : "")}");
    }

    /// <summary>The table of pg_waldump --stats=record: per type N, record size, FPI size and combined size, each with its share.</summary>
    internal static string StatsTable(WalStats s, ulong start, ulong end)
    {
        var ci = CultureInfo.InvariantCulture;
        var w = new StringWriter(ci);
        long n = s.Records, rec = s.RecordBytes, fpi = s.FpiBytes, all = rec + fpi;
        static double Pct(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;
        w.WriteLine(string.Create(ci, $"WAL from {start:X} to {end:X}: {end - start} bytes"));
        w.WriteLine($"{"Type",-32} {"N",10} {"(%)",8} {"Record size",14} {"(%)",8} {"FPI size",14} {"(%)",8} {"Combined size",14} {"(%)",8}");
        w.WriteLine($"{"----",-32} {"-",10} {"---",8} {"-----------",14} {"---",8} {"--------",14} {"---",8} {"-------------",14} {"---",8}");
        for (int t = 0; t < s.ByType.Length; t++)
        {
            var r = s.ByType[t];
            if (r.Count == 0) continue;
            long combined = r.RecordBytes + r.FpiBytes;
            w.WriteLine(string.Create(ci,
                $"{RecordTypes.StatsName(t),-32} {r.Count,10} ({Pct(r.Count, n),6:F2}) {r.RecordBytes,14} ({Pct(r.RecordBytes, rec),6:F2}) {r.FpiBytes,14} ({Pct(r.FpiBytes, fpi),6:F2}) {combined,14} ({Pct(combined, all),6:F2})"));
        }
        w.WriteLine($"{"",-32} {"--------",10} {"",8} {"--------",14} {"",8} {"--------",14} {"",8} {"--------",14}");
        w.WriteLine(string.Create(ci,
            $"{"Total",-32} {n,10} {"",8} {rec,14} [{Pct(rec, all),5:F2}%] {fpi,14} [{Pct(fpi, all),5:F2}%] {all,14} [100%]"));
        return w.ToString();
    }
}
