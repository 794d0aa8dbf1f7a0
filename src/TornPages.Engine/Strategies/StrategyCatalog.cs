namespace TornPages.Engine.Strategies;

/// <summary>Every strategy by the name users select it with.</summary>
public static class StrategyCatalog
{
    public static IReadOnlyList<string> Names { get; } = ["none", "fpw"];

    public static ITornPageStrategy Parse(string spec)
    {
        switch (spec)
        {
            case "none":
                return new ComposedStrategy("none", "", new NoImages(), ReplayRule.WhenPageIsOlder, s => new InPlaceWritePath(s));
            case "fpw":
                return new ComposedStrategy("fpw", "", new FirstChangeAfterRedo(), ReplayRule.WhenPageIsOlder, s => new InPlaceWritePath(s));
            default:
                throw new ArgumentException($"unknown strategy '{spec}' (known: {string.Join(", ", Names)})");
        }
    }
}
