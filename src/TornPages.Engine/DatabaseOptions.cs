using TornPages.Engine.Strategies;

namespace TornPages.Engine;

public sealed record DatabaseOptions(ITornPageStrategy Strategy, int BufferFrames = 1024, int PageSize = 8192)
{
    public void Validate()
    {
        if (PageSize is < 4096 or > 32768 || (PageSize & (PageSize - 1)) != 0)
            throw new ArgumentException($"page size must be a power of two from 4096 to 32768, not {PageSize}");
        if (BufferFrames < 16) throw new ArgumentException($"buffers must be at least 16, not {BufferFrames}");
    }
}

/// <summary>
/// When the engine takes a checkpoint: every N transactions and/or every W bytes of WAL (0 = never);
/// and how: with <paramref name="CompletionTarget"/> 0 at once (every client waits), otherwise spread
/// as PostgreSQL's checkpoint_completion_target: its page writes paced to end when that fraction of
/// the interval has passed, transactions running throughout.
/// </summary>
public sealed record CheckpointPolicy(int EveryTransactions = 0, long EveryWalBytes = 0, double CompletionTarget = 0)
{
    /// <summary>The fraction of the interval that has passed after these transactions and WAL bytes (the larger of the two triggers).</summary>
    public double Elapsed(int transactionsSince, long walBytesSince) => Math.Max(
        EveryTransactions > 0 ? (double)transactionsSince / EveryTransactions : 0,
        EveryWalBytes > 0 ? (double)walBytesSince / EveryWalBytes : 0);

    public bool IsDue(int transactionsSince, long walBytesSince) =>
        (EveryTransactions > 0 && transactionsSince >= EveryTransactions) ||
        (EveryWalBytes > 0 && walBytesSince >= EveryWalBytes);

    public override string ToString() =>
        (EveryTransactions > 0 ? $"txns:{EveryTransactions}" : EveryWalBytes > 0 ? $"wal:{EveryWalBytes}" : "none") +
        (CompletionTarget > 0 ? $",target:{CompletionTarget}" : "");
}

/// <summary>The directory holds no database.</summary>
public sealed class DatabaseNotFoundException(string message) : Exception(message);

/// <summary>Recovery cannot proceed (its WAL or control file does not hold what it must).</summary>
public sealed class RecoveryException(string message) : Exception(message);
