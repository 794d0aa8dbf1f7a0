namespace TornPages.Storage;

/// <summary>An I/O or sync failure. The engine stops on it: after a failed fsync the page cache state is unknown.</summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);
