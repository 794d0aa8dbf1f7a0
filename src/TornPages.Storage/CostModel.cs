namespace TornPages.Storage;

/// <summary>
/// Simulated device time, so a simulated run can report fsyncs per second, throughput and latency.
/// Such figures are a model, always labelled simulated in results. A write costs its bytes over the
/// bandwidth plus, on a disk with a head, a seek that grows with the distance from where the last
/// write ended (a switch between files counts as a long seek); a sync costs a fixed latency.
/// </summary>
public sealed record CostModel(string Name, double SyncSeconds, double BytesPerSecond, double MinSeekSeconds, double MaxSeekSeconds)
{
    /// <summary>A datacenter NVMe SSD with power-loss protection: flushes are cheap, nothing seeks.</summary>
    public static CostModel Ssd { get; } = new("ssd", SyncSeconds: 0.000_1, BytesPerSecond: 1.5e9, 0, 0);

    /// <summary>A 7200 rpm disk: a flush waits about half a rotation, a seek 0.5 to 8 ms by distance.</summary>
    public static CostModel Hdd { get; } = new("hdd", SyncSeconds: 0.004_2, BytesPerSecond: 150e6, MinSeekSeconds: 0.000_5, MaxSeekSeconds: 0.008);

    private const long SequentialSlack = 64 * 1024;
    private const double FullStroke = 1L << 30;

    public double WriteSeconds(bool sameFile, long distance, int bytes)
    {
        double seek = 0;
        if (MaxSeekSeconds > 0 && (!sameFile || distance > SequentialSlack))
        {
            double fraction = sameFile ? Math.Min(1, distance / FullStroke) : 0.5;
            seek = MinSeekSeconds + (MaxSeekSeconds - MinSeekSeconds) * Math.Sqrt(fraction);
        }
        return seek + bytes / BytesPerSecond;
    }
}
