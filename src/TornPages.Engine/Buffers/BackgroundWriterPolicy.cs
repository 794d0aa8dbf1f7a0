namespace TornPages.Engine.Buffers;

/// <summary>
/// How the background writer works, with PostgreSQL 15's settings: a round every
/// <paramref name="DelaySeconds"/> (bgwriter_delay) on the database's clock, or every
/// <paramref name="DelayTransactions"/> finished transactions on a clock that is the CPU itself;
/// each round makes clean as many frames ahead of the clock hand as <paramref name="LruMultiplier"/>
/// times the recent demand for frames, writing at most <paramref name="LruMaxPages"/> pages.
/// </summary>
public sealed record BackgroundWriterPolicy(double DelaySeconds = 0, int DelayTransactions = 0, int LruMaxPages = 100, double LruMultiplier = 2.0)
{
    /// <summary>bgwriter_delay, PostgreSQL's default.</summary>
    public const double DefaultDelaySeconds = 0.2;

    /// <summary>No background writer: clients write the dirty victims they find.</summary>
    public static BackgroundWriterPolicy Off { get; } = new();

    public bool Enabled => (DelaySeconds > 0 || DelayTransactions > 0) && LruMaxPages > 0;

    public void Validate()
    {
        if (DelaySeconds < 0 || double.IsNaN(DelaySeconds) || DelayTransactions < 0 || LruMaxPages < 0 || !(LruMultiplier >= 0))
            throw new ArgumentException($"background writer settings must not be negative: {this}");
    }

    public override string ToString() => !Enabled ? "off"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(DelayTransactions > 0 ? $"{DelayTransactions}txns" : $"{DelaySeconds * 1e3}ms")},maxpages:{LruMaxPages},multiplier:{LruMultiplier}");
}
