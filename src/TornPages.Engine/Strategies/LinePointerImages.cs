using TornPages.Engine.Files;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Strategies;

/// <summary>
/// Images for line-pointer logging. Heap records set absolute bytes (line pointer, tuple, lower,
/// upper), so replaying them all onto a torn heap page rebuilds it; only a layout-changing record
/// (prune, vacuum) needs an image, and only the first one per page in a checkpoint cycle: after it
/// replay works on the exact page. Index pages keep full-page-write rules: a B-tree insert shifts
/// the sorted entries and no small record re-applies that safely to a torn page.
/// </summary>
public sealed class LinePointerImages : IImagePolicy
{
    public bool NeedsImage(in ImageQuery q) => q.Kind == RelKind.Heap
        ? RecordTypes.IsCompacting(q.Record) && q.LastImageLsn <= q.RedoLsn
        : q.PageLsn <= q.RedoLsn;

    public bool ReadsLastImage => true;
}
