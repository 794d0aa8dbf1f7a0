namespace TornPages.Storage;

/// <summary>
/// What a power loss may do to writes beyond losing the ones not yet synced: one axis of the crash
/// trials, one value per row of crash.csv. Every model includes <see cref="Sector"/>'s rule (each
/// unsynced sector old or new, independently); each other adds one failure real devices show.
/// </summary>
public enum FaultModel
{
    /// <summary>Each sector of an unsynced write reaches the media whole or not at all: an enterprise SSD or a disk whose sector writes are atomic.</summary>
    Sector,

    /// <summary>
    /// As <see cref="Sector"/>, and one sector of the most recent unsynced write holds random bytes
    /// or zeros afterwards (a sector being programmed when power went, as FoundationDB's
    /// AsyncFileNonDurable and SQLite's crash test allow). A whole atomic unit is never hit.
    /// </summary>
    Garbage,

    /// <summary>As <see cref="Sector"/>, but writes tear at any byte boundary, not only at sector boundaries (no sector atomicity: some RAID and virtual disks, NFS).</summary>
    ByteTear,

    /// <summary>
    /// A volatile drive cache that acknowledges a flush before the writes reach the media (a consumer
    /// SSD without power-loss protection, or a disk with its write cache on and barriers ignored):
    /// the writes of the last <see cref="CrashModel.CacheBytes"/> that were synced are still
    /// unsynced as far as a crash is concerned, lost or torn or reordered like any other.
    /// </summary>
    LyingFlush,

    /// <summary>As <see cref="Sector"/>, and a file's length grown by writes that were not synced reverts at the crash (fdatasync makes the size durable; a write alone does not).</summary>
    Metadata,
}

public static class FaultModels
{
    /// <summary>The names used on the command line and in crash.csv, in the order of the enum.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sector", "garbage", "byte-tear", "lying-flush", "metadata"];

    public static string Name(this FaultModel f) => Names[(int)f];

    /// <summary>What the model stands for on real hardware, in a sentence for reports.</summary>
    public static string Meaning(this FaultModel f) => f switch
    {
        FaultModel.Sector => "each unsynced sector reaches the media whole or not at all (enterprise SSD, disk with atomic sectors)",
        FaultModel.Garbage => "as sector, and the sector being programmed at power loss holds random bytes or zeros (SSD or disk without power-loss protection mid-program)",
        FaultModel.ByteTear => "writes tear at any byte, not only at sector boundaries (no sector atomicity: some RAID, virtual and network disks)",
        FaultModel.LyingFlush => "the drive acknowledges a flush with the last 1 MiB of writes still in a volatile cache (consumer SSD without power-loss protection, write cache on with barriers ignored)",
        FaultModel.Metadata => "a file's size grown by unsynced writes reverts (fdatasync makes a size durable, a write alone does not)",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static FaultModel Parse(string name)
    {
        int i = Names.ToList().IndexOf(name.Trim().ToLowerInvariant());
        if (i < 0) throw new ArgumentException($"unknown fault model '{name}' (known: {string.Join(", ", Names)})");
        return (FaultModel)i;
    }
}
