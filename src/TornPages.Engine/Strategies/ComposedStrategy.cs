using TornPages.Engine.Files;

namespace TornPages.Engine.Strategies;

/// <summary>A strategy put together from its parts; every named strategy is one of these.</summary>
public sealed class ComposedStrategy(
    string name,
    string parameters,
    IImagePolicy images,
    Func<RelKind, ReplayRule> replay,
    Func<PageStore, IPageWritePath> writePath,
    Wal.ImageCompression compression = Wal.ImageCompression.None,
    int checkpointsPerImageCycle = 1) : ITornPageStrategy
{
    public int CheckpointsPerImageCycle { get; } = checkpointsPerImageCycle >= 1 ? checkpointsPerImageCycle : throw new ArgumentOutOfRangeException(nameof(checkpointsPerImageCycle));
    public string Name => name;
    public string Parameters => parameters;
    public IImagePolicy Images => images;
    public Wal.ImageCompression ImageCompression => compression;
    public ReplayRule ReplayFor(RelKind kind) => replay(kind);
    public IPageWritePath CreateWritePath(PageStore store) => writePath(store);
    public override string ToString() => parameters.Length == 0 ? name : $"{name}({parameters})";
}
