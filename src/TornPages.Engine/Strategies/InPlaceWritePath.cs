using TornPages.Engine.Checkpoints;
using TornPages.Engine.Files;

namespace TornPages.Engine.Strategies;

/// <summary>Pages are written over their previous version in the data file. Nothing protects that write.</summary>
public sealed class InPlaceWritePath(PageStore store) : IPageWritePath
{
    public void Read(byte rel, uint block, Span<byte> page) => store.Read(rel, block, page);
    public void Write(byte rel, uint block, ReadOnlySpan<byte> page) => store.Write(rel, block, page);
    public void Flush() { }
    public void SyncData() => store.SyncAll();
    public void BeforeControlUpdate(ref ControlData next) { }
    public void AfterControlDurable() { }
    public void RecoveryPrologue(RecoveryPrologueContext context) { }
    public long OwnSpaceBytes => 0;
}
