using System.Diagnostics;
using TornPages.Harness.Results;
using TornPages.Storage;

namespace TornPages.Harness.Sweeps;

/// <summary>
/// The raw commit ceiling of the disk under a directory, measured as pg_test_fsync does: one 8 KB
/// write at the same offset followed by fdatasync, again and again. A run's commit rate divided by
/// this rate says how close the engine gets to what the device allows.
/// </summary>
public static class DiskProbe
{
    public static ProbeResult Measure(string dir, int writes)
    {
        if (writes < 1) throw new ArgumentException("--writes must be positive");
        string probeDir = Path.Combine(dir, ".tornbench-probe-" + Environment.ProcessId);
        using (var dev = new FileDevice(probeDir))
        {
            var f = dev.Open("probe", FileClass.Data);
            var page = new byte[8192];
            new Random(1).NextBytes(page);
            f.Write(0, page);
            f.Sync();
            var ms = new double[writes];
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < writes; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                page[0] = (byte)i;
                f.Write(0, page);
                f.Sync();
                ms[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Array.Sort(ms);
            dev.Dispose();
            Directory.Delete(probeDir, recursive: true);
            return new ProbeResult(Path.GetFullPath(dir), writes, seconds, writes / seconds, ms[writes / 2], ms[Math.Min(writes - 1, (int)Math.Ceiling(writes * 0.99) - 1)]);
        }
    }
}
