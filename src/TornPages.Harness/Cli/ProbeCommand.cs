using System.CommandLine;
using TornPages.Harness.Sweeps;

namespace TornPages.Harness.Cli;

/// <summary><c>tornbench probe --dir DIR</c>: the disk's raw 8 KB write + fdatasync rate, as pg_test_fsync measures it.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "a directory on the disk to measure", DefaultValueFactory = _ => "." };
        var writes = CommonOptions.Int("--writes", 2000, "8 KB write + fdatasync pairs");
        var cmd = new Command("probe", "measure the raw 8 KB write + fdatasync rate of the disk under DIR") { dir, writes };
        cmd.SetAction(p =>
        {
            string d = p.GetValue(dir)!;
            TornbenchCli.CheckWritable(d);
            var r = DiskProbe.Measure(d, p.GetValue(writes));
            var disk = Results.MetaInfo.DiskOf(d);
            Console.WriteLine($"{r.Directory} ({disk.Device ?? "?"}, {disk.Filesystem ?? "?"}, rotational {disk.Rotational?.ToString() ?? "?"}, " +
                              $"block {disk.LogicalBlockSize?.ToString() ?? "?"}/{disk.PhysicalBlockSize?.ToString() ?? "?"})");
            Console.WriteLine($"8 KB write + fdatasync: {r.SyncsPerSecond:F0} per second, median {r.MedianMs:F3} ms, p99 {r.P99Ms:F3} ms ({r.Writes} in {r.Seconds:F2} s)");
            return 0;
        });
        return cmd;
    }
}
