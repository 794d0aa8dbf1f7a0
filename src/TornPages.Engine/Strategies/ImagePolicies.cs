namespace TornPages.Engine.Strategies;

/// <summary>Never images: a torn page cannot be repaired from the WAL.</summary>
public sealed class NoImages : IImagePolicy
{
    public bool NeedsImage(in ImageQuery q) => false;
}

/// <summary>
/// PostgreSQL's full_page_writes: the first change of a page after the redo point carries its image.
/// "First" is read off the page itself: its LSN is at or before the redo point exactly when no
/// record since the redo point has changed it, so replay from the redo point meets the image first.
/// </summary>
public sealed class FirstChangeAfterRedo : IImagePolicy
{
    public bool NeedsImage(in ImageQuery q) => q.PageLsn <= q.RedoLsn;
}
