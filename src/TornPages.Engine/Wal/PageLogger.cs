using TornPages.Engine.Buffers;
using TornPages.Engine.Files;
using TornPages.Engine.Pages;
using TornPages.Engine.Strategies;

namespace TornPages.Engine.Wal;

/// <summary>
/// The one way a page changes: <see cref="Log"/> applies each block's ops to its pinned frame, asks
/// the strategy whether the record must carry the page's image, inserts the record, and stamps the
/// pages with the record's end LSN. Page changes and their WAL records cannot drift apart.
/// </summary>
/// <param name="compression">How images are compressed (fpw:lz4, fpw:zstd); the time it takes is the logging client's.</param>
public sealed class PageLogger(BufferPool pool, WalWriter wal, Catalog catalog, IImagePolicy images, ImageCompression compression = ImageCompression.None)
{
    private readonly ImageCodec? _codec = compression == ImageCompression.None ? null : new ImageCodec(compression);

    // End LSN of the last image of each page in this checkpoint cycle, whether or not the page has
    // been evicted since, kept only for a policy that reads it. A new cycle forgets them all; after a
    // restart the map starts empty, which only errs towards one image too many.
    private readonly Dictionary<PageId, ulong> _imagedThisCycle = [];
    private readonly bool _keepLastImages = images.ReadsLastImage;

    public RecordBuilder Builder { get; } = new(pool.PageSize);

    /// <summary>Redo point of the last checkpoint; images are decided against it.</summary>
    public ulong RedoLsn { get; private set; }

    /// <summary>A checkpoint fixed a new redo point: a new cycle of images starts.</summary>
    public void StartCycle(ulong redo)
    {
        RedoLsn = redo;
        _imagedThisCycle.Clear();
    }

    public WalWriter Wal => wal;

    /// <summary>Logs <paramref name="rec"/>: its page images decided, its ops applied, its pages stamped with its end LSN, which it returns.</summary>
    public ulong Log(RecordBuilder rec) => Log(rec, out _);

    /// <summary>As <see cref="Log(RecordBuilder)"/>, also giving where the record starts (a checkpoint record's LSN goes into the control file).</summary>
    public ulong Log(RecordBuilder rec, out ulong start)
    {
        for (int i = 0; i < rec.BlockCount; i++)
        {
            var b = rec[i];
            var page = pool.Page(b.Frame);
            ulong pageLsn = PageHeader.Of(page).Lsn;
            PageOps.Apply(b.Ops.Written, page, new OpContext(rec.Xid));
            if (b.WillInit) continue;
            ulong lastImage = 0;
            if (_keepLastImages) _imagedThisCycle.TryGetValue(new PageId(b.Rel, b.BlockNo), out lastImage);
            var q = new ImageQuery(catalog[b.Rel].Kind, rec.Type, pageLsn, lastImage, RedoLsn);
            if (images.NeedsImage(q)) b.CaptureImage(page, _codec);
        }
        ulong end = wal.Insert(rec, out start);
        var stats = wal.Stats;
        int imageBytes = 0, imageCount = 0;
        bool init = false;
        for (int i = 0; i < rec.BlockCount; i++)
        {
            var b = rec[i];
            var page = pool.Page(b.Frame);
            PageHeader.Of(page).Lsn = end;
            pool.MarkDirty(b.Frame);
            init |= b.WillInit;
            if (!b.HasImage) continue;
            if (_keepLastImages) _imagedThisCycle[new PageId(b.Rel, b.BlockNo)] = end;
            imageBytes += b.ImageLength;
            imageCount++;
            if (catalog[b.Rel].Kind == RelKind.Heap)
            {
                stats.HeapFpiBytes += b.ImageLength;
                stats.HeapFpiCount++;
                if (RecordTypes.IsCompacting(rec.Type)) stats.HeapFpiOnCompactingCount++;
            }
            else
            {
                stats.IndexFpiBytes += b.ImageLength;
                stats.IndexFpiCount++;
            }
        }
        stats.CountRecord(rec.Type, init, rec.SerializedLength, imageCount, imageBytes);
        return end;
    }
}
