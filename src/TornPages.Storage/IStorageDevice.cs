namespace TornPages.Storage;

/// <summary>
/// A directory of named files on one device. Implementations: <see cref="FileDevice"/> (real files,
/// real fdatasync) and <see cref="SimulatedDevice"/> (memory, deterministic crash model).
/// Contract, shared by every device and tested against each one:
/// <list type="bullet">
/// <item>Opening a missing file creates it empty; creation, rename and delete are durable when the call returns.</item>
/// <item>A write is visible to reads at once but durable only after <see cref="IStorageFile.Sync"/> on that file.</item>
/// <item>Reads past the end of a file return zeros.</item>
/// <item>An I/O or sync error throws <see cref="StorageException"/>; callers treat it as fatal (never retry a sync).</item>
/// </list>
/// </summary>
public interface IStorageDevice : IDisposable
{
    /// <summary>A short label for results, e.g. "sim" or "file:/mnt/ssd/tb".</summary>
    string Label { get; }

    /// <summary>How <see cref="IStorageFile.Sync"/> reaches the media, for the results ("fdatasync", "simulated").</summary>
    string SyncMethod { get; }

    IoStats Stats { get; }

    IStorageFile Open(string name, FileClass fileClass);

    bool Exists(string name);

    void Delete(string name);

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>, replacing nothing: <paramref name="to"/> must not exist.</summary>
    void Rename(string from, string to);

    IReadOnlyList<string> List();
}
