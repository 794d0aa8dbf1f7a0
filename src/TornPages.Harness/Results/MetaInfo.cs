using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TornPages.Harness.Results;

/// <summary>The disk under test, as far as Linux tells it.</summary>
public sealed record DiskInfo(string Directory, string? MountPoint, string? Device, string? Filesystem, string? MountOptions,
    string? Model, bool? Rotational, int? LogicalBlockSize, int? PhysicalBlockSize);

/// <summary>The 8 KB write + fdatasync rate <c>tornbench probe</c> measured on the disk under test.</summary>
public sealed record ProbeResult(string Directory, int Writes, double Seconds, double SyncsPerSecond, double MedianMs, double P99Ms)
{
    /// <summary>Sequential write bandwidth (bytes per second), null in probes from before it was measured.</summary>
    public double? WriteBytesPerSecond { get; init; }

    /// <summary>What the kernel says of the disk (null: unknown).</summary>
    public bool? Rotational { get; init; }
}

/// <summary>meta.json: where and how a sweep ran, so its numbers can be read later.</summary>
public sealed record MetaInfo
{
    public string Host { get; init; } = "";
    public string Os { get; init; } = "";
    public string Kernel { get; init; } = "";
    public string Cpu { get; init; } = "";
    public int Cores { get; init; }
    public string Dotnet { get; init; } = "";
    public string GitCommit { get; init; } = "";
    public string CommandLine { get; init; } = "";
    public string StartedUtc { get; init; } = "";
    public string? Shard { get; init; }
    public DiskInfo? Disk { get; init; }
    public ProbeResult? Probe { get; init; }
    /// <summary>The vacuum policies of the sweep's runs (runs.csv's vacuum_policy values).</summary>
    public string[]? VacuumPolicies { get; init; }
    /// <summary>For a merged sweep: the shard directories it was made from.</summary>
    public string[]? MergedFrom { get; init; }

    public static MetaInfo Collect(string diskDirectory, string? shard) => new()
    {
        Host = Environment.MachineName,
        Os = RuntimeInformation.OSDescription,
        Kernel = ReadFirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.VersionString,
        Cpu = CpuModel(),
        Cores = Environment.ProcessorCount,
        Dotnet = RuntimeInformation.FrameworkDescription,
        GitCommit = GitCommitOf(AppContext.BaseDirectory) ?? GitCommitOf(Environment.CurrentDirectory) ?? "unknown",
        CommandLine = string.Join(' ', Environment.GetCommandLineArgs()),
        StartedUtc = DateTime.UtcNow.ToString("O"),
        Shard = shard,
        Disk = DiskOf(diskDirectory),
    };

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <exception cref="InvalidDataException">The file is not JSON this version reads, in one line naming it.</exception>
    public static MetaInfo? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<MetaInfo>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a meta.json this version of tornbench reads: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // meta.json is read by people: '+' in a vacuum policy stays '+', not \u002B.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The mount holding <paramref name="dir"/> (longest matching mount point in /proc/mounts) and its block device's queue settings.</summary>
    public static DiskInfo DiskOf(string dir)
    {
        string full = Path.GetFullPath(dir);
        string? mountPoint = null, device = null, fs = null, options = null;
        if (File.Exists("/proc/mounts"))
        {
            foreach (var line in File.ReadLines("/proc/mounts"))
            {
                var f = line.Split(' ');
                if (f.Length < 4) continue;
                string mp = f[1].Replace("\\040", " ");
                bool under = full == mp || full.StartsWith(mp.TrimEnd('/') + "/", StringComparison.Ordinal);
                if (under && (mountPoint == null || mp.Length > mountPoint.Length))
                    (mountPoint, device, fs, options) = (mp, f[0], f[2], f[3]);
            }
        }
        string? sys = device != null ? SysBlock(device) : null;
        return new DiskInfo(full, mountPoint, device, fs, options,
            sys != null ? ReadFirstLine(Path.Combine(sys, "device/model"))?.Trim() : null,
            sys != null && ReadFirstLine(Path.Combine(sys, "queue/rotational")) is { } r ? r.Trim() == "1" : null,
            sys != null && int.TryParse(ReadFirstLine(Path.Combine(sys, "queue/logical_block_size")), out int l) ? l : null,
            sys != null && int.TryParse(ReadFirstLine(Path.Combine(sys, "queue/physical_block_size")), out int p) ? p : null);
    }

    /// <summary>/sys/block/&lt;disk&gt; of a device such as /dev/vda1 or /dev/nvme0n1p2 (partitions resolve to their disk).</summary>
    private static string? SysBlock(string device)
    {
        string name = Path.GetFileName(device);
        if (Directory.Exists($"/sys/block/{name}")) return $"/sys/block/{name}";
        if (Directory.Exists("/sys/block"))
            foreach (var disk in Directory.GetDirectories("/sys/block"))
                if (Directory.Exists(Path.Combine(disk, name))) return disk;
        return null;
    }

    private static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo")) return RuntimeInformation.ProcessArchitecture.ToString();
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
            if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string? GitCommitOf(string dir)
    {
        try
        {
            var psi = new ProcessStartInfo("git", ["-C", dir, "rev-parse", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi);
            if (p == null) return null;
            string s = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 && s.Length > 0 ? s : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadLines(path).FirstOrDefault() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
