using System.Buffers.Binary;

namespace Registry.Zab.Storage;

/// <summary>Layout of transaction log files; the format is specified on <see cref="TxnLog"/>.</summary>
internal static class LogFormat
{
    public const int FileHeaderSize = 16;
    public const int RecordHeaderSize = 16;
    public const int RecordOverhead = RecordHeaderSize + 1;
    public const byte EndMarker = 0x42;
    private const int Version = 1;

    /// <summary>The largest payload whose record still fits in one array.</summary>
    public static int MaxPayloadBytes => Array.MaxLength - RecordOverhead;

    private static ReadOnlySpan<byte> Magic => "RGLG"u8;

    public static void WriteFileHeader(Span<byte> header)
    {
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], 0);
    }

    public static bool IsFileHeader(ReadOnlySpan<byte> header) =>
        header[..4].SequenceEqual(Magic) && BinaryPrimitives.ReadInt32LittleEndian(header[4..]) == Version;

    /// <summary>Encodes one record into <paramref name="record"/>, which is exactly <see cref="RecordOverhead"/> + payload bytes.</summary>
    public static void WriteRecord(Span<byte> record, long zxid, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteInt32LittleEndian(record, payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], zxid);
        payload.CopyTo(record[RecordHeaderSize..]);
        record[^1] = EndMarker;
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32C.Append(0, record[8..^1]));
    }
}
