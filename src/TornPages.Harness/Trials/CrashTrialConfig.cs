using TornPages.Storage;
using TornPages.Harness.Runs;
using TornPages.Workloads;

namespace TornPages.Harness.Trials;

/// <summary>One strategy's crash trials: the device's crash model and the small workload each trial runs.</summary>
public sealed record CrashTrialConfig(
    string Strategy,
    int Trials,
    int Seed,
    CrashModel Crash,
    Scale Scale,
    int Transactions = 300,
    int CheckpointEvery = 100,
    int Buffers = 48,
    int VacuumEvery = 50,
    Script Script = Script.TpcbLike,
    double CheckpointCompletionTarget = CheckpointDefaults.CompletionTarget,
    int Clients = 1)
{
    public static Scale SmallScale { get; } = new(1, AccountsPerBranch: 5000);

    /// <summary>How each trial's transactions pick their account (pgbench's aid distribution).</summary>
    public KeyDistribution Distribution { get; init; } = KeyDistribution.Uniform;
}
