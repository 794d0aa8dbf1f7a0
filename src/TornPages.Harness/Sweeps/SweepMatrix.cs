using System.Text.Json;
using System.Text.Json.Serialization;
using TornPages.Engine;
using TornPages.Harness.Devices;
using TornPages.Engine.Strategies;
using TornPages.Harness.Runs;
using TornPages.Workloads;

namespace TornPages.Harness.Sweeps;

/// <summary>Crash trials a sweep runs after its measured runs.</summary>
/// <param name="AtomicStrategies">Strategies also tried with an <paramref name="AtomicUnit"/>-byte atomic write unit (the baseline that shows when protection is not needed).</param>
/// <param name="FaultTrials">Trials per strategy under each other condition of the strategy x fault matrix (<see cref="Trials.CrashCondition.Matrix"/>), at the first sector size; 0: none.</param>
public sealed record CrashMatrix(int Trials = 0, int[]? Sectors = null, string[]? AtomicStrategies = null, int AtomicUnit = 8192, int FaultTrials = 0);

/// <summary>
/// A sweep: strategies x scripts x distributions x checkpoint intervals x buffer sizes x devices x
/// seeds, from a preset or a JSON file with these property names. Devices: <c>file</c> (real files
/// under the sweep's --dir), <c>sim</c>, and any simulated profile <c>sim-PROFILE[:key=value,...]</c>
/// (<see cref="DeviceSpec"/>); a probe's figures as <c>sim-probe:...</c>, never a directory to probe
/// (every run would probe it again and get other figures).
/// </summary>
public sealed record SweepMatrix
{
    public string Label { get; init; } = "sweep";
    public string[] Strategies { get; init; } = [];
    public string[] Scripts { get; init; } = ["tpcb-like"];
    public string[] Dists { get; init; } = ["uniform"];
    public int[] CheckpointEvery { get; init; } = [1000];
    public int[] Buffers { get; init; } = [1024];
    public string[] Devices { get; init; } = ["sim"];
    public int Seeds { get; init; } = 1;
    public int Scale { get; init; } = 1;
    public int Txns { get; init; } = 2000;
    /// <summary>A vacuum pass over every table every N transactions (0: none); absent, autovacuum decides (the default).</summary>
    public int? VacuumEvery { get; init; }

    /// <summary>PostgreSQL's checkpoint_completion_target for every run and crash trial (0: immediate checkpoints).</summary>
    public double CheckpointCompletionTarget { get; init; } = Runs.CheckpointDefaults.CompletionTarget;

    /// <summary>Concurrent clients (pgbench -c), an axis of the matrix.</summary>
    public int[] Clients { get; init; } = [1];

    /// <summary>Cores of the simulated server on a sim-PROFILE device (<see cref="RunConfig.SimCpus"/>).</summary>
    public int SimCpus { get; init; } = 1;

    /// <summary>CPU charged per statement and commit on a sim-PROFILE device, in µs (<see cref="RunConfig.SimCpuPerStatementSeconds"/>): the figure scripts/pg-calibrate-cpu.sh measures.</summary>
    public double SimCpuUs { get; init; } = RunEngine.DefaultSimCpuPerStatementSeconds * 1e6;
    public int TimeseriesEvery { get; init; } = 100;
    public CrashMatrix Crash { get; init; } = new();

    /// <summary>Every strategy the catalog names, in its order.</summary>
    private static readonly string[] AllStrategies = [.. Engine.Strategies.StrategyCatalog.Names];

    public static IReadOnlyDictionary<string, SweepMatrix> Presets { get; } = new Dictionary<string, SweepMatrix>
    {
        // Both presets keep the database several times larger than the buffer pool, because evictions
        // are where double-write and shadow paging pay: quick, scale 1 (15 MB) in 256 frames (2 MB);
        // default, scale 10 (150 MB) in 1024 frames (8 MB), with 1, 4 and 16 clients (group commit and
        // row locks change which strategy wins). At scale 10 a run on real files costs its load
        // (about a second) and, for dwb-small, several syncs per transaction: 2 seeds of 2000
        // transactions keep the default sweep to about fifteen minutes on this repository's 2-core VM.
        ["quick"] = new()
        {
            Label = "quick", Strategies = AllStrategies, Dists = ["uniform", "zipfian:1.1"], CheckpointEvery = [250, 1000],
            Buffers = [256], Scale = 1,
            Devices = ["file"], Seeds = 2, Txns = 1000, TimeseriesEvery = 50, Crash = new CrashMatrix(60, [512], ["none"], FaultTrials: 30),
        },
        ["default"] = new()
        {
            Label = "default", Strategies = AllStrategies, Dists = ["uniform", "zipfian:1.1"], CheckpointEvery = [250, 1000], Clients = [1, 4, 16],
            Buffers = [1024], Scale = 10,
            Devices = ["file"], Seeds = 2, Txns = 2000, TimeseriesEvery = 100, Crash = new CrashMatrix(500, [512, 4096], ["none"], FaultTrials: 100),
        },
    };

    /// <exception cref="ArgumentException">Unknown preset.</exception>
    public static SweepMatrix Preset(string name) =>
        Presets.TryGetValue(name, out var m) ? m : throw new ArgumentException($"unknown preset '{name}' (known: {string.Join(", ", Presets.Keys)})");

    /// <exception cref="ArgumentException">The file cannot be read, is not a matrix, or holds a bad value.</exception>
    public static SweepMatrix Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot read matrix file {path}: {e.Message}");
        }
        SweepMatrix? m;
        try
        {
            m = JsonSerializer.Deserialize<SweepMatrix>(text, Json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"matrix file {path} is not valid: {e.Message.Split('\n')[0]}");
        }
        if (m == null) throw new ArgumentException($"matrix file {path} is empty");
        m.Validate();
        return m;
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    /// <exception cref="ArgumentException">A value no run could use.</exception>
    public void Validate()
    {
        if (Strategies.Length == 0) throw new ArgumentException("the matrix names no strategy");
        foreach (var s in Strategies) StrategyCatalog.Parse(s);
        foreach (var s in Scripts) Workloads.Scripts.Parse(s);
        foreach (var d in Dists) KeyDistribution.Parse(d);
        foreach (var d in Devices)
        {
            if (d == "file") continue;
            if (d.StartsWith("file:", StringComparison.Ordinal) || d.StartsWith("sim:probe=", StringComparison.Ordinal))
                throw new ArgumentException($"device '{d}' in the matrix: a matrix takes file (under the sweep's --dir), sim or sim-PROFILE[:key=value,...] (for a probe, its figures: tornbench run --device sim:probe=... prints them)");
            DeviceSpec.Validate(d);
        }
        if (CheckpointEvery.Any(c => c < 1)) throw new ArgumentException("checkpointEvery values must be positive");
        int maxBuffers = DatabaseOptions.MaxBufferFrames(DatabaseOptions.DefaultPageSize);
        if (Buffers.Any(b => b < DatabaseOptions.MinBufferFrames || b > maxBuffers))
            throw new ArgumentException($"buffers must be between {DatabaseOptions.MinBufferFrames} and {maxBuffers}");
        if (CheckpointCompletionTarget is < 0 or > 1) throw new ArgumentException("checkpointCompletionTarget must be between 0 and 1");
        if (Clients.Length == 0 || Clients.Any(c => c is < 1 or > 1024)) throw new ArgumentException("clients values must be between 1 and 1024");
        if (SimCpus is < 1 or > Engine.Scheduling.SimScheduler.MaxCpus) throw new ArgumentException($"simCpus must be between 1 and {Engine.Scheduling.SimScheduler.MaxCpus}");
        if (!(SimCpuUs is >= 0 and < RunEngine.MaxSimCpuUs)) throw new ArgumentException($"simCpuUs must be between 0 and {RunEngine.MaxSimCpuUs} (microseconds)");
        if (Seeds < 1 || Scale < 1 || Txns < 1 || TimeseriesEvery < 1 || VacuumEvery < 0)
            throw new ArgumentException("seeds, scale, txns and timeseriesEvery must be positive, vacuumEvery not negative");
        foreach (var s in Crash.AtomicStrategies ?? []) StrategyCatalog.Parse(s);
        if (Crash.Trials < 0 || Crash.FaultTrials < 0 || (Crash.Sectors ?? []).Any(s => s is not (512 or 4096)) || Crash.AtomicUnit is < 512 or > 65536)
            throw new ArgumentException("crash trials must not be negative and sectors must be 512 or 4096");
        if (Label.Length == 0 || Label.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_')))
            throw new ArgumentException($"label '{Label}' must be letters, digits, - or _");
    }

    /// <summary>
    /// The vacuum policies the sweep's runs use, as runs.csv's vacuum_policy writes them (one per
    /// kind of clock: on plain sim autovacuum's naptime is counted in transactions).
    /// </summary>
    public IReadOnlyList<string> VacuumPolicies() =>
        Expand().Select(c => c.VacuumPolicy(c.DeviceKind == "sim" ? "cpu" : "device").ToString()).Distinct().ToList();

    /// <summary>Every run of the sweep, in a fixed order (shards and resumes rely on it).</summary>
    public IReadOnlyList<RunConfig> Expand()
    {
        var runs = new List<RunConfig>();
        foreach (var device in Devices)
        foreach (var script in Scripts)
        foreach (var dist in Dists)
        foreach (int ckpt in CheckpointEvery)
        foreach (int buffers in Buffers)
        foreach (int clients in Clients)
        foreach (var strategy in Strategies)
        for (int seed = 1; seed <= Seeds; seed++)
            runs.Add(new RunConfig(strategy, Workloads.Scripts.Parse(script), KeyDistribution.Parse(dist), Scale, Txns, ckpt, 0,
                buffers, device, seed, VacuumEvery: VacuumEvery, Clients: clients, CheckpointCompletionTarget: CheckpointCompletionTarget,
                SimCpuPerStatementSeconds: SimCpuUs / 1e6) { SimCpus = SimCpus });
        return runs;
    }
}
