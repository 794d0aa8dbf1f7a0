using TornPages.Storage;

namespace TornPages.Harness.Runs;

/// <summary>
/// The <c>--device</c> value: <c>sim</c> (in memory, exact counts), <c>sim-ssd</c> / <c>sim-hdd</c> (the
/// same with a cost model, so times are simulated) or <c>file:DIR</c> (real files, real fdatasync).
/// </summary>
public static class DeviceSpec
{
    private static readonly string[] OwnPrefixes = ["rel_", "wal_", "control", "dwb", "map"];

    public static void Validate(string spec)
    {
        if (spec is "sim" or "sim-ssd" or "sim-hdd") return;
        if (!spec.StartsWith("file:", StringComparison.Ordinal) || spec.Length == 5)
            throw new ArgumentException($"unknown device '{spec}' (use sim, sim-ssd, sim-hdd or file:DIR)");
    }

    /// <summary>Opens the device; for a new database a file directory must be empty or hold only an earlier tornbench database, which is removed.</summary>
    public static IStorageDevice Open(string spec, bool fresh, int seed = 1)
    {
        Validate(spec);
        switch (spec)
        {
            case "sim": return new SimulatedDevice(seed: seed);
            case "sim-ssd": return new SimulatedDevice(seed: seed, cost: CostModel.Ssd);
            case "sim-hdd": return new SimulatedDevice(seed: seed, cost: CostModel.Hdd);
        }
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
