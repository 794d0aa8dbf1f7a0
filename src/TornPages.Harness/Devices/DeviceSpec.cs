using System.Globalization;
using System.Text.Json;
using TornPages.Harness.Results;
using TornPages.Storage;

namespace TornPages.Harness.Devices;

/// <summary>
/// The <c>--device</c> value:
/// <list type="bullet">
/// <item><c>sim</c>: in memory, exact counts, no device time;</item>
/// <item><c>sim-PROFILE</c>: the same with a cost profile (<see cref="DeviceProfiles"/>: nvme-plp, its
/// older name ssd, ssd-consumer, hdd, bbwc), so times are simulated; <c>sim-PROFILE:key=value,...</c>
/// changes one figure or more (<see cref="Keys"/>);</item>
/// <item><c>sim:probe=DIR</c>: a profile fitted to the disk under DIR, probed now, or <c>sim:probe=FILE</c>:
/// to a probe saved earlier (tornbench probe --save FILE, or a sweep's meta.json); either becomes
/// its figures, <c>sim-probe:sync_us=...,write_mbps=...,seek_ms=...</c>, which is what results record;</item>
/// <item><c>file:DIR</c>: real files, real fdatasync.</item>
/// </list>
/// </summary>
public static class DeviceSpec
{
    private static readonly string[] OwnPrefixes = ["rel_", "wal_", "control", "dwb", "map"];

    /// <summary>The keys a profile takes, and what each sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>
    {
        ["sync_us"] = "flush latency in microseconds (on a disk that seeks: one turn of its platters, which a flush right after the file's previous one waits and one at another moment half of on average; on bbwc: the controller's)",
        ["write_mbps"] = "write bandwidth in MB/s (on bbwc: the disk's)",
        ["seek_ms"] = "the longest seek in milliseconds, the shortest scaled with it (0: no seeks; on bbwc: the disk's)",
        ["cache_mb"] = "bbwc only: the controller cache in MiB",
        ["exclusive_flush"] = "1: a flush holds the device's queue (a SATA drive's volatile cache, as hdd and ssd-consumer); 0: it does not (not on bbwc)",
        ["page_cache"] = "1: writes reach the device through the kernel's page cache (written back at fsync, PostgreSQL's flush_after hints and the flusher's 30 s expiry); 0: each write joins the device's queue at once (the default but on hdd and a probe of a rotational disk)",
    };

    /// <summary>The keys that are switches: 0 or 1, nothing else.</summary>
    private static readonly HashSet<string> Switches = new(StringComparer.Ordinal) { "exclusive_flush", "page_cache" };

    /// <summary>Probe writes when sim:probe= names a directory.</summary>
    public const int ProbeWrites = 1000;

    /// <summary>The 8 KB page a probe's median includes the transfer of.</summary>
    private const int ProbePage = 8192;

    /// <summary>Checks a spec without probing or opening anything.</summary>
    /// <exception cref="ArgumentException">A spec no run could use, naming what is wrong.</exception>
    public static void Validate(string spec)
    {
        if (spec == "sim" || spec.StartsWith("sim:probe=", StringComparison.Ordinal) && spec.Length > 10) return;
        if (spec.StartsWith("sim-", StringComparison.Ordinal))
        {
            Profile(spec);
            return;
        }
        if (!spec.StartsWith("file:", StringComparison.Ordinal) || spec.Length == 5)
            throw new ArgumentException($"unknown device '{spec}' (use sim, sim-PROFILE with PROFILE one of {string.Join(", ", DeviceProfiles.ByName.Keys)}, sim:probe=DIR|FILE or file:DIR)");
    }

    /// <summary>
    /// The spec as results record it: a probe becomes the figures fitted to it (so a run can be
    /// repeated without the disk), everything else is kept as given.
    /// </summary>
    /// <summary>One turn of a 15,000 rpm disk (60 s / 15000), the fastest disks made, in microseconds.</summary>
    public const double FastestTurnUs = 4000;

    public static string Resolve(string spec)
    {
        Validate(spec);
        if (!spec.StartsWith("sim:probe=", StringComparison.Ordinal)) return spec;
        string path = spec[10..];
        var probe = Directory.Exists(path) ? DiskProbe.Measure(path, ProbeWrites)
            : File.Exists(path) ? ReadProbe(path)
            : throw new ArgumentException($"sim:probe={path}: no such directory or file");
        return Fit(probe);
    }

    /// <summary>
    /// The profile a probe implies: its sequential bandwidth, its flush latency (the median 8 KB
    /// write + fdatasync less the page's transfer: on a rotational disk a turn, as the probe rewrites
    /// one block, each flush right after the last), and the hdd profile's seeks, queue-holding flush
    /// and page cache when the disk has platters (the probe measures none of them), none otherwise.
    /// The disk has platters when the kernel says it is rotational and its flush takes at least a
    /// turn of the fastest disk made: virtual disks often say rotational (this repository's VM's
    /// does, with 0.2 ms flushes), and no platter turns in less than <see cref="FastestTurnUs"/>.
    /// </summary>
    public static string Fit(ProbeResult probe)
    {
        if (probe.WriteBytesPerSecond is not { } bw || bw <= 0)
            throw new ArgumentException($"the probe of {probe.Directory} has no write bandwidth (probed before tornbench measured it): probe again");
        double syncUs = Math.Max(1, probe.MedianMs * 1e3 - ProbePage / bw * 1e6);
        bool platters = probe.Rotational == true && syncUs >= FastestTurnUs;
        double seekMs = platters ? DeviceProfiles.Hdd.MaxSeekSeconds * 1e3 : 0;
        int disk = platters ? 1 : 0;
        return string.Create(CultureInfo.InvariantCulture, $"sim-probe:sync_us={syncUs:0.#},write_mbps={bw / 1e6:0.#},seek_ms={seekMs:0.###},exclusive_flush={disk},page_cache={disk}");
    }

    private static ProbeResult ReadProbe(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            // A sweep's meta.json holds the probe under "probe"; tornbench probe --save writes it alone.
            var node = doc.RootElement.TryGetProperty("probe", out var p) ? p : doc.RootElement;
            return node.Deserialize<ProbeResult>(MetaInfo.Json)
                   ?? throw new ArgumentException($"{path} holds no probe");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path} is not a probe (tornbench probe --save FILE, or a sweep's meta.json): {e.Message}");
        }
    }

    /// <summary>The cost model of a sim-PROFILE[:key=value,...] spec.</summary>
    public static CostModel Profile(string spec)
    {
        string body = spec[4..];
        int colon = body.IndexOf(':');
        string name = colon < 0 ? body : body[..colon];
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (colon >= 0)
            foreach (var pair in body[(colon + 1)..].Split(','))
            {
                var kv = pair.Split('=');
                if (kv.Length != 2 || !Keys.ContainsKey(kv[0]))
                    throw new ArgumentException($"device '{spec}': '{pair}' is not key=value with a key of {string.Join(", ", Keys.Keys)}");
                double v;
                if (Switches.Contains(kv[0]))
                    v = kv[1] switch { "0" => 0, "1" => 1, _ => throw new ArgumentException($"device '{spec}': {kv[0]} must be 0 or 1, not '{kv[1]}'") };
                else if (!double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out v) || !double.IsFinite(v) || v < 0 || v == 0 && kv[0] != "seek_ms")
                    throw new ArgumentException($"device '{spec}': {kv[0]} must be a positive number, not '{kv[1]}'");
                if (!values.TryAdd(kv[0], v)) throw new ArgumentException($"device '{spec}': {kv[0]} given twice");
            }
        double? Get(string key, double scale) => values.TryGetValue(key, out double v) ? v * scale : null;
        bool? exclusiveFlush = values.TryGetValue("exclusive_flush", out double x) ? x == 1 : null;
        bool? pageCache = values.TryGetValue("page_cache", out double pc) ? pc == 1 : null;
        if (name == "probe")
        {
            if (!values.ContainsKey("sync_us") || !values.ContainsKey("write_mbps"))
                throw new ArgumentException($"device '{spec}': sim-probe needs sync_us and write_mbps (sim:probe=DIR|FILE writes them)");
            if (values.ContainsKey("cache_mb")) throw new ArgumentException($"device '{spec}': cache_mb is for sim-bbwc only");
            double seek = Get("seek_ms", 1e-3) ?? 0;
            return new DiskCost("probe", values["sync_us"] * 1e-6, values["write_mbps"] * 1e6,
                seek * DeviceProfiles.Hdd.MinSeekSeconds / DeviceProfiles.Hdd.MaxSeekSeconds, seek, exclusiveFlush ?? false) { PageCache = pageCache ?? false };
        }
        if (!DeviceProfiles.ByName.TryGetValue(name, out var profile))
            throw new ArgumentException($"unknown device profile '{name}' in '{spec}' (known: {string.Join(", ", DeviceProfiles.ByName.Keys)}, probe)");
        switch (profile)
        {
            case CachedDiskCost cached:
                if (exclusiveFlush == true) throw new ArgumentException($"device '{spec}': exclusive_flush=1 is not for sim-bbwc (its flush is the controller's, answered from a durable cache)");
                var disk = cached.Disk.With(bytesPerSecond: Get("write_mbps", 1e6), maxSeekSeconds: Get("seek_ms", 1e-3));
                return cached.With(disk, values.TryGetValue("cache_mb", out double mb) ? (long)(mb * (1 << 20)) : null, Get("sync_us", 1e-6), pageCache);
            case DiskCost d:
                if (values.ContainsKey("cache_mb")) throw new ArgumentException($"device '{spec}': cache_mb is for sim-bbwc only");
                return d.With(syncSeconds: Get("sync_us", 1e-6), bytesPerSecond: Get("write_mbps", 1e6), maxSeekSeconds: Get("seek_ms", 1e-3), flushHoldsQueue: exclusiveFlush, pageCache: pageCache);
            default:
                throw new InvalidOperationException($"profile {name} is neither a disk nor a cached disk");
        }
    }

    /// <summary>
    /// Opens the device of a resolved spec (<see cref="Resolve"/>); for a new database a file directory
    /// must be empty or hold only an earlier tornbench database, which is removed.
    /// </summary>
    public static IStorageDevice Open(string spec, bool fresh, int seed = 1)
    {
        Validate(spec);
        if (spec == "sim") return new SimulatedDevice(seed: seed);
        if (spec.StartsWith("sim:probe=", StringComparison.Ordinal)) return Open(Resolve(spec), fresh, seed);
        if (spec.StartsWith("sim-", StringComparison.Ordinal)) return new SimulatedDevice(seed: seed, cost: Profile(spec));
        string dir = spec[5..];
        if (fresh && Directory.Exists(dir))
        {
            var files = Directory.GetFiles(dir);
            var foreign = files.Select(Path.GetFileName).FirstOrDefault(f => !OwnPrefixes.Any(p => f!.StartsWith(p, StringComparison.Ordinal)));
            if (foreign != null)
                throw new ArgumentException($"{dir} holds files that are not a tornbench database (e.g. {foreign}); use an empty directory");
            foreach (var f in files) File.Delete(f);
        }
        if (!fresh && !Directory.Exists(dir)) throw new ArgumentException($"no database directory {dir}");
        return new FileDevice(dir);
    }
}
