using System.Globalization;
using TornPages.Engine.Wal;
using TornPages.Workloads;

namespace TornPages.Harness.Runs;

/// <summary>
/// A run on a simulated device holds the whole database in memory. This says, before anything is
/// loaded, whether it fits: a clear error with the estimate, instead of a machine that swaps or a
/// process the kernel kills.
/// </summary>
public static class SimMemoryCheck
{
    /// <summary>
    /// Headroom over the loaded size: growth during the run (history rows, non-HOT updates, index
    /// splits) and the second version of every page changed since the last sync (about 1.2x, DESIGN 3).
    /// </summary>
    public const double GrowthFactor = 1.25;

    /// <summary>WAL segments kept in memory at the least: the one being written and two recycled (16 MB each).</summary>
    public const int WalSegmentsHeld = 3;

    /// <summary>The loader's per-row arrays and row buffers, per account (tids, keys, the row in flight).</summary>
    public const int LoadBytesPerAccount = 16;

    public static long EstimateBytes(RunConfig c)
    {
        var scale = new Scale(c.Scale);
        long data = DatabaseSize.LoadedBytes(scale, c.FillFactor, c.PageSize);
        return (long)(data * GrowthFactor) + (long)c.Buffers * c.PageSize + WalSegmentsHeld * (long)WalLayout.SegmentSize
               + (long)scale.Accounts * LoadBytesPerAccount;
    }

    /// <summary>Throws when a run of <paramref name="c"/> on a simulated device would not fit in the memory this process may use.</summary>
    public static void Ensure(RunConfig c, long availableBytes)
    {
        if (!c.Device.StartsWith("sim", StringComparison.Ordinal)) return;
        long need = EstimateBytes(c);
        if (need <= availableBytes) return;
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"scale {c.Scale} on the simulated device needs about {Gb(need)} GB of memory " +
            $"(database {Gb(DatabaseSize.LoadedBytes(new Scale(c.Scale), c.FillFactor, c.PageSize))} GB, buffers {Gb((long)c.Buffers * c.PageSize)} GB); " +
            $"this machine has {Gb(availableBytes)} GB: lower --scale or use --device file:DIR"));
    }

    /// <summary>What the GC lets this process use: physical memory, or a container's limit.</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    private static string Gb(long bytes) => (bytes / 1e9).ToString("F1", CultureInfo.InvariantCulture);
}
