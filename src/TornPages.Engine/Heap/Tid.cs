namespace TornPages.Engine.Heap;

/// <summary>A tuple id: block number and line-pointer index.</summary>
public readonly record struct Tid(uint Block, ushort Item)
{
    public override string ToString() => $"({Block},{Item})";
}
