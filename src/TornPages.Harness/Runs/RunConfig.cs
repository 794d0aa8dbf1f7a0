using TornPages.Workloads;

namespace TornPages.Harness.Runs;

/// <summary>One benchmark configuration: everything that decides what a run measures.</summary>
public sealed record RunConfig(
    string Strategy,
    Script Script,
    KeyDistribution Distribution,
    int Scale,
    int Transactions,
    int CheckpointEvery,
    long CheckpointWalBytes,
    int Buffers,
    string Device,
    int Seed,
    int PageSize = 8192,
    int FillFactor = 100,
    int VacuumEvery = 1000);
