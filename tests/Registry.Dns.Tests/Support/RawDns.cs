using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Registry.Dns.Tests.Support;

/// <summary>Hand-built queries and raw exchanges, for what clients will not send: bad packets, exact bytes, no EDNS.</summary>
internal static class RawDns
{
    /// <summary>A standard query with RD set; <paramref name="edns"/> adds an OPT record (payload size, version), with the DO bit when <paramref name="dnssecOk"/>.</summary>
    public static byte[] Query(ushort id, string name, ushort type, (ushort Payload, byte Version)? edns = null, bool dnssecOk = false)
    {
        var message = new List<byte>();
        void U16(int value) => message.AddRange([(byte)(value >> 8), (byte)value]);
        U16(id);
        U16(0x0100);
        U16(1);
        U16(0);
        U16(0);
        U16(edns is null ? 0 : 1);
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }
        message.Add(0);
        U16(type);
        U16(1);
        if (edns is { } opt)
        {
            message.Add(0);
            U16(41);
            U16(opt.Payload);
            message.AddRange([0, opt.Version, (byte)(dnssecOk ? 0x80 : 0), 0]);
            U16(0);
        }
        return [.. message];
    }

    public static ushort Id(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    public static ushort Flags(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[2..]);

    public static int ResponseCode(ReadOnlySpan<byte> message) => Flags(message) & 0xF;

    public static bool Truncated(ReadOnlySpan<byte> message) => (Flags(message) & 0x0200) != 0;

    public static ushort Count(ReadOnlySpan<byte> message, int section) => BinaryPrimitives.ReadUInt16BigEndian(message[(4 + (2 * section))..]);

    /// <summary>A UDP socket talking to one server; responses are awaited with a deadline, never a sleep.</summary>
    public sealed class UdpPeer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly IPEndPoint _server;

        public UdpPeer(IPEndPoint server)
        {
            _server = server;
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        public Task SendAsync(byte[] message) => _socket.SendToAsync(message, SocketFlags.None, _server);

        public async Task<byte[]> ReceiveAsync()
        {
            var buffer = new byte[65_535];
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
            return buffer[..result.ReceivedBytes];
        }

        public async Task<byte[]> ExchangeAsync(byte[] message)
        {
            await SendAsync(message);
            return await ReceiveAsync();
        }

        public void Dispose() => _socket.Dispose();
    }

    /// <summary>A TCP connection to one server: RFC 7766 framing, queries may be pipelined; reads have a deadline.</summary>
    public sealed class TcpPeer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        private TcpPeer()
        {
        }

        public static async Task<TcpPeer> ConnectAsync(IPEndPoint server)
        {
            var peer = new TcpPeer();
            await peer._socket.ConnectAsync(server);
            return peer;
        }

        /// <summary>Writes <paramref name="messages"/> back to back in one send.</summary>
        public async Task SendAsync(params byte[][] messages)
        {
            var framed = new List<byte>();
            foreach (var message in messages)
            {
                framed.AddRange([(byte)(message.Length >> 8), (byte)message.Length]);
                framed.AddRange(message);
            }
            await _socket.SendAsync(framed.ToArray(), SocketFlags.None);
        }

        public async Task<byte[]> ReceiveAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var prefix = new byte[2];
            await ReadExactlyAsync(prefix, deadline.Token);
            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await ReadExactlyAsync(message, deadline.Token);
            return message;
        }

        public void Dispose() => _socket.Dispose();

        private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken token)
        {
            while (!buffer.IsEmpty)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, token);
                if (read == 0)
                {
                    throw new EndOfStreamException("The server closed the connection.");
                }
                buffer = buffer[read..];
            }
        }
    }
}
