namespace TornPages.Harness.Runs;

public static class CheckpointDefaults
{
    /// <summary>PostgreSQL's default checkpoint_completion_target (0.9 since version 14): a checkpoint's writes spread over 90% of the interval.</summary>
    public const double CompletionTarget = 0.9;
}
