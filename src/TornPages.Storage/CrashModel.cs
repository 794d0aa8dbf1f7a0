namespace TornPages.Storage;

/// <summary>
/// How <see cref="SimulatedDevice.Crash"/> resolves writes that were not yet synced.
/// Each <see cref="SectorSize"/>-byte piece of each pending write is independently persisted (with
/// <see cref="PersistProbability"/>) or lost, applied in write order: lost writes, torn writes and
/// reordering between files all come out of that one rule. A write piece that covers a whole
/// aligned <see cref="AtomicUnit"/> is persisted or lost as one piece. <see cref="Fault"/> adds what
/// real devices do beyond that (<see cref="FaultModel"/>).
/// </summary>
public sealed record CrashModel(int SectorSize = 512, int AtomicUnit = 0, double PersistProbability = 0.5, FaultModel Fault = FaultModel.Sector)
{
    /// <summary>
    /// Under <see cref="FaultModel.LyingFlush"/>: how many bytes of synced writes the drive's volatile
    /// cache holds (the most recent ones). 1 MiB: a small consumer SSD's DRAM or SLC write window
    /// seen from a crash, large enough to hold the last few checkpoints of a crash trial.
    /// </summary>
    public long CacheBytes { get; init; } = 1 << 20;

    public void Validate()
    {
        if (SectorSize is not (512 or 4096))
            throw new ArgumentException($"sector size must be 512 or 4096, not {SectorSize}");
        if (AtomicUnit != 0 && (AtomicUnit < SectorSize || (AtomicUnit & (AtomicUnit - 1)) != 0))
            throw new ArgumentException($"atomic write unit must be 0 (none) or a power of two >= the sector size, not {AtomicUnit}");
        if (!(PersistProbability >= 0 && PersistProbability <= 1))
            throw new ArgumentException($"persist probability must be between 0 and 1, not {PersistProbability}");
        if (!Enum.IsDefined(Fault))
            throw new ArgumentException($"unknown fault model {(int)Fault}");
        if (CacheBytes < 0)
            throw new ArgumentException($"drive cache size must not be negative, not {CacheBytes}");
    }

    /// <summary>The size of the pieces a write is cut into when it is resolved at a crash.</summary>
    public int Piece => AtomicUnit > SectorSize ? AtomicUnit : SectorSize;
}

/// <summary>Whether an armed crash fires just before the k-th device call or just after it.</summary>
public enum CrashTiming
{
    Before,
    After,
}

/// <summary>Thrown by every call of a <see cref="SimulatedDevice"/> once its armed crash has fired.</summary>
public sealed class SimulatedCrashException(long call) : Exception($"simulated crash at device call {call}")
{
    public long Call { get; } = call;
}
