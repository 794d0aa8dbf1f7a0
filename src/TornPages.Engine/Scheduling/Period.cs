namespace TornPages.Engine.Scheduling;

/// <summary>
/// A period of a background task (the background writer's delay, autovacuum's naptime): so many
/// seconds of the clock it is given, or, when <paramref name="transactions"/> is positive, so many
/// finished transactions (for a clock that is the CPU itself, on which a run would not repeat).
/// The first look starts the first period, as those tasks sleep once before their first round.
/// </summary>
public sealed class Period(double seconds, int transactions)
{
    private double _ends = double.NaN;
    private int _transactions;

    public void TransactionFinished() => _transactions++;

    /// <summary>True once when the period has ended at <paramref name="now"/>; the next one starts then.</summary>
    public bool IsOver(double now)
    {
        if (transactions > 0)
        {
            if (_transactions < transactions) return false;
            _transactions = 0;
            return true;
        }
        if (double.IsNaN(_ends))
        {
            _ends = now + seconds;
            return false;
        }
        if (now < _ends) return false;
        _ends = now + seconds;
        return true;
    }
}
