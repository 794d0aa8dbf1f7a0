using TornPages.Engine.Buffers;
using TornPages.Engine.Files;
using TornPages.Engine.Strategies;
using TornPages.Engine.Wal;
using TornPages.Storage;

namespace TornPages.Engine;

/// <summary>
/// The pages of one database as every other part of the engine reaches them: the relation files
/// (<see cref="PageStore"/>), the strategy's write path over them, and the buffer pool over that.
/// Built first, before the end of the WAL is known: recovery replays through it, and the
/// <see cref="Database"/> is built on it once recovery has found where the WAL continues.
/// </summary>
public sealed class PageLayer
{
    private readonly WalRule _walRule = new();

    public PageLayer(IStorageDevice device, Catalog catalog, DatabaseOptions options)
    {
        options.Validate();
        Device = device;
        Catalog = catalog;
        Options = options;
        Store = new PageStore(device, catalog, options.PageSize);
        WritePath = options.Strategy.CreateWritePath(Store);
        Pool = new BufferPool(options.BufferFrames, options.PageSize, WritePath, _walRule);
    }

    public IStorageDevice Device { get; }
    public Catalog Catalog { get; }
    public DatabaseOptions Options { get; }
    public ITornPageStrategy Strategy => Options.Strategy;
    public PageStore Store { get; }
    public IPageWritePath WritePath { get; }
    public BufferPool Pool { get; }

    /// <summary>From here on a page is written only once the WAL is durable up to its LSN, through <paramref name="wal"/>.</summary>
    internal void FlushWalThrough(WalWriter wal) => _walRule.Writer = wal;

    /// <summary>The buffer pool's way to the WAL writer, which exists only once recovery has found the end of the WAL.</summary>
    private sealed class WalRule : IWalFlush
    {
        public WalWriter? Writer;

        // During replay there is no writer yet; every page LSN then points into WAL that recovery
        // read from disk and synced before replaying it, so the WAL rule already holds.
        public void Flush(ulong lsn) => Writer?.Flush(lsn);
    }
}
