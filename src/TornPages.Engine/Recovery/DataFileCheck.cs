using TornPages.Engine.Checkpoints;
using TornPages.Engine.Files;
using TornPages.Storage;

namespace TornPages.Engine.Recovery;

/// <summary>What recovery checks of the data files before it trusts them.</summary>
internal static class DataFileCheck
{
    /// <summary>
    /// Every data file at least as long as the last checkpoint synced it: the engine never shrinks a
    /// data file, so a shorter one lost pages that no WAL after the checkpoint can give back.
    /// </summary>
    /// <exception cref="RecoveryException">A file is shorter than recorded.</exception>
    public static void Lengths(IStorageDevice device, Catalog catalog, in ControlData control)
    {
        int n = (int)Math.Min(control.RecordedFiles, Math.Min(catalog.Count, ControlData.MaxRecordedFiles));
        for (int r = 0; r < n; r++)
        {
            var rel = catalog[(byte)r];
            long expected = (long)control.FileBlocks(r) * control.PageSize;
            long found = device.Exists(rel.FileName) ? device.Open(rel.FileName, FileClass.Data).Length : -1;
            if (found < expected)
                throw new RecoveryException(found < 0
                    ? $"{rel.FileName} is missing; the last checkpoint synced it at {expected} bytes"
                    : $"{rel.FileName} is {found} bytes, shorter than the {expected} the last checkpoint synced: the file was truncated");
        }
    }
}
