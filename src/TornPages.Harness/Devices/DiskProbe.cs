using System.Diagnostics;
using TornPages.Harness.Results;
using TornPages.Storage;

namespace TornPages.Harness.Devices;

/// <summary>
/// What the disk under a directory can do, measured as pg_test_fsync does: one 8 KB write at the
/// same offset followed by fdatasync, again and again (the raw commit ceiling: a run's commit rate
/// divided by it says how close the engine gets to what the device allows); then a sequential
/// write of <see cref="StreamBytes"/> in 1 MB writes and one fdatasync (its bandwidth). Both are
/// what a simulated profile is fitted to (<see cref="DeviceSpec"/>, sim:probe=).
/// </summary>
public static class DiskProbe
{
    /// <summary>Bytes the bandwidth measurement streams: enough to dwarf one flush on any disk, small enough for seconds on a slow one.</summary>
    public const int StreamBytes = 64 << 20;

    private const int StreamWrite = 1 << 20;

    public static ProbeResult Measure(string dir, int writes)
    {
        if (writes < 1) throw new ArgumentException("--writes must be positive");
        string probeDir = Path.Combine(dir, ".tornbench-probe-" + Environment.ProcessId);
        try
        {
            using var dev = new FileDevice(probeDir);
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

            var stream = dev.Open("stream", FileClass.Data);
            var chunk = new byte[StreamWrite];
            new Random(2).NextBytes(chunk);
            long s0 = Stopwatch.GetTimestamp();
            for (long off = 0; off < StreamBytes; off += StreamWrite) stream.Write(off, chunk);
            stream.Sync();
            double streamSeconds = Stopwatch.GetElapsedTime(s0).TotalSeconds;

            return new ProbeResult(Path.GetFullPath(dir), writes, seconds, writes / seconds, ms[writes / 2], ms[Math.Min(writes - 1, (int)Math.Ceiling(writes * 0.99) - 1)])
            {
                WriteBytesPerSecond = StreamBytes / streamSeconds,
                Rotational = MetaInfo.DiskOf(dir).Rotational,
            };
        }
        finally
        {
            if (Directory.Exists(probeDir)) Directory.Delete(probeDir, recursive: true);
        }
    }
}
