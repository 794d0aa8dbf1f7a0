using System.CommandLine;
using System.Text.Json;
using TornPages.Harness.Devices;
using TornPages.Harness.Results;

namespace TornPages.Harness.Cli;

/// <summary>
/// <c>tornbench probe --dir DIR</c>: the disk's raw 8 KB write + fdatasync rate, as pg_test_fsync
/// measures it, and its sequential write bandwidth; the simulated profile they fit; with --save,
/// the probe as JSON for <c>--device sim:probe=FILE</c>.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "a directory on the disk to measure", DefaultValueFactory = _ => "." };
        var writes = CommonOptions.Int("--writes", 2000, "8 KB write + fdatasync pairs");
        var save = new Option<string?>("--save") { Description = "write the probe as JSON to FILE (a new file), for --device sim:probe=FILE" };
        var cmd = new Command("probe", "measure the raw 8 KB write + fdatasync rate and the write bandwidth of the disk under DIR") { dir, writes, save };
        cmd.SetAction(p =>
        {
            string d = p.GetValue(dir)!;
            TornbenchCli.CheckWritable(d);
            string? file = p.GetValue(save);
            if (file != null && File.Exists(file)) throw new ArgumentException($"--save {file}: the file exists (a probe is never overwritten)");
            var r = DiskProbe.Measure(d, p.GetValue(writes));
            var disk = MetaInfo.DiskOf(d);
            Console.WriteLine($"{r.Directory} ({disk.Device ?? "?"}, {disk.Filesystem ?? "?"}, rotational {disk.Rotational?.ToString() ?? "?"}, " +
                              $"block {disk.LogicalBlockSize?.ToString() ?? "?"}/{disk.PhysicalBlockSize?.ToString() ?? "?"})");
            Console.WriteLine($"8 KB write + fdatasync: {r.SyncsPerSecond:F0} per second, median {r.MedianMs:F3} ms, p99 {r.P99Ms:F3} ms ({r.Writes} in {r.Seconds:F2} s)");
            Console.WriteLine($"sequential write: {r.WriteBytesPerSecond / 1e6:F0} MB/s ({DiskProbe.StreamBytes >> 20} MiB in 1 MiB writes, one fdatasync)");
            Console.WriteLine($"simulated profile: {DeviceSpec.Fit(r)}");
            if (file != null)
            {
                AtomicFile.WriteAllText(file, JsonSerializer.Serialize(r, MetaInfo.Json));
                Console.WriteLine($"saved: {file}");
            }
            return 0;
        });
        return cmd;
    }
}
