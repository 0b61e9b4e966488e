using Registry.Zab.Protocol.Messages;

namespace Registry.Zab.Protocol.Codec;

/// <summary>
/// The outcome of decoding the start of a buffer: a message and its sender with the bytes it took, a request
/// for more data, or a rejection with its reason (never an exception).
/// </summary>
public readonly record struct FrameDecodeResult(FrameDecodeStatus Status, int BytesConsumed, long Sender, ZabMessage? Message, FrameError Error, string? Detail)
{
    internal static FrameDecodeResult NeedMore { get; } = new(FrameDecodeStatus.NeedMoreData, 0, 0, null, FrameError.None, null);

    internal static FrameDecodeResult Reject(FrameError error, string detail, int consumed = 0) =>
        new(FrameDecodeStatus.Rejected, consumed, 0, null, error, detail);
}
