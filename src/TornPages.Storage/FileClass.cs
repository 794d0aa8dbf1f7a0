namespace TornPages.Storage;

/// <summary>What a file holds; every I/O call is counted under its file's class.</summary>
public enum FileClass
{
    Wal = 0,
    Data = 1,
    DoubleWrite = 2,
    Map = 3,
    Control = 4,
}

public static class FileClasses
{
    public static readonly FileClass[] All = Enum.GetValues<FileClass>();
    public const int Count = 5;
}
