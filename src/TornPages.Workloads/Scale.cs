namespace TornPages.Workloads;

/// <summary>
/// pgbench's scale: <c>branches</c> = s, <c>tellers</c> = 10 s, <c>accounts</c> = 100 000 s. Crash
/// trials may shrink the accounts per branch to load a small database quickly.
/// </summary>
public sealed record Scale(int Factor, int AccountsPerBranch = PgbenchSchema.AccountsPerBranch)
{
    public int Branches => Factor;
    public int Tellers => Factor * PgbenchSchema.TellersPerBranch;
    public int Accounts => Factor * AccountsPerBranch;

    public void Validate()
    {
        if (Factor < 1) throw new ArgumentException($"scale must be at least 1, not {Factor}");
        if (AccountsPerBranch < 100) throw new ArgumentException("at least 100 accounts per branch");
    }
}
