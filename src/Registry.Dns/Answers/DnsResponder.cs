using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.ObjectPool;
using Registry.Catalog.Model;
using Registry.Dns.Naming;
using Registry.Dns.Options;

namespace Registry.Dns.Answers;

/// <summary>
/// Decides the response to one parsed query from the local catalog. Transport-agnostic and thread-safe.
/// Answering a service query allocates nothing: the response message comes from a pool (the transport returns
/// it once sent), its records are the shared ones of a <see cref="ServiceRecords"/>, rebuilt only when the
/// service's index changes, and merely shuffled in, and a negative answer's SOA is shared (<see cref="ZoneSoa"/>).
/// Sizes are left to the transport: ARSoft truncates a UDP response to the payload size set here (512 bytes, or
/// the client's EDNS0 size capped at ours) by dropping additional data first, then answers with TC set.
/// </summary>
internal sealed class DnsResponder
{
    private const int ClassicUdpLimit = 512;

    private readonly IServiceCatalog _catalog;
    private readonly DnsZone _zone;
    private readonly TtlPolicy _ttls;
    private readonly ZoneSoa _soa;
    private readonly ObjectPool<ResponseMessage> _pool;
    private readonly bool _onlyPassing;
    private readonly bool _forwardOutOfZone;
    private readonly ushort _maxUdpPayload;
    private volatile ServiceDirectory _services = ServiceDirectory.Empty;
    private volatile NodeDirectory _nodes = NodeDirectory.Empty;

    /// <param name="pool">Where responses come from; by default a <see cref="ResponsePool"/>.</param>
    public DnsResponder(IServiceCatalog catalog, DnsOptions options, TimeProvider time, ObjectPool<ResponseMessage>? pool = null)
    {
        _catalog = catalog;
        _zone = new DnsZone(options);
        _ttls = new TtlPolicy(options);
        _soa = new ZoneSoa(_ttls, time, _zone.Domains.Count);
        _pool = pool ?? ResponsePool.Create();
        _onlyPassing = options.OnlyPassing;
        _forwardOutOfZone = options.Recursors.Count > 0;
        if (options.MaxUdpPayload is < ClassicUdpLimit or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{DnsOptions.Section}:MaxUdpPayload must be 512 to 65535.");
        }
        _maxUdpPayload = (ushort)options.MaxUdpPayload;
    }

    /// <summary>
    /// The response to <paramref name="query"/>, or null for a name outside our domains when recursors are
    /// configured: the caller forwards it and answers with <see cref="Relay"/>. The response is pooled: it goes
    /// back with <see cref="ResponseMessage.Return"/> once nothing uses it any more.
    /// </summary>
    public ResponseMessage? Answer(DnsMessage query)
    {
        var response = ResponseMessage.For(query, _pool);
        LimitPayload(query, response);
        var code = Rejection(query);
        if (code != ReturnCode.NoError)
        {
            response.ReturnCode = code;
            return response;
        }

        var question = query.Questions[0];
        var target = NameClassifier.Classify(question.Name, _zone);
        if (target.Kind == TargetKind.OutOfZone)
        {
            if (_forwardOutOfZone)
            {
                response.Return();
                return null;
            }
            response.ReturnCode = ReturnCode.Refused;
            return response;
        }
        response.IsAuthoritiveAnswer = true;
        var outcome = target.Kind switch
        {
            TargetKind.Apex => AnswerApex(question, target, response),
            TargetKind.Service => AnswerService(question, target, response),
            TargetKind.Node => AnswerNode(question, target, response),
            TargetKind.Addr => AnswerAddr(question, target, response),
            _ => Outcome.NxDomain,
        };
        if (outcome != Outcome.Answered)
        {
            // RFC 2308: negative answers carry the zone's SOA so resolvers can cache them.
            response.ReturnCode = outcome == Outcome.NxDomain ? ReturnCode.NxDomain : ReturnCode.NoError;
            response.AuthorityRecords.Add(_soa.For(question.Name, target));
        }
        return response;
    }

    /// <summary>Why a well-formed query is not looked up at all, or <see cref="ReturnCode.NoError"/> when it is.</summary>
    private static ReturnCode Rejection(DnsMessage query)
    {
        if (query.EDnsOptions is { Version: not 0 })
        {
            return ReturnCode.BadVersion;
        }
        if (query.Questions.Count != 1)
        {
            return ReturnCode.FormatError;
        }
        var question = query.Questions[0];
        return question switch
        {
            { RecordType: RecordType.Opt } => ReturnCode.FormatError,
            { RecordClass: not (RecordClass.INet or RecordClass.Any) } or { RecordType: RecordType.Axfr or RecordType.Ixfr } => ReturnCode.Refused,
            // MAILA and MAILB (RFC 883), which ARSoft marks obsolete.
            { RecordType: (RecordType)253 or (RecordType)254 } => ReturnCode.NotImplemented,
            _ => ReturnCode.NoError,
        };
    }

    /// <summary>
    /// A recursor's <paramref name="upstream"/> response as the answer to <paramref name="query"/>, a query
    /// <see cref="Answer"/> asked to forward; SERVFAIL echoing the question when no recursor answered. Pooled
    /// like <see cref="Answer"/>'s.
    /// </summary>
    public ResponseMessage Relay(DnsMessage query, DnsMessage? upstream)
    {
        if (upstream is null)
        {
            var failure = ResponseMessage.For(query, _pool);
            failure.ReturnCode = ReturnCode.ServerFailure;
            return failure;
        }
        var relayed = ResponseMessage.CopyOf(upstream, _pool);
        relayed.TransactionID = query.TransactionID;
        relayed.IsRecursionDesired = query.IsRecursionDesired;
        relayed.IsEDnsEnabled = query.IsEDnsEnabled;
        LimitPayload(query, relayed);
        return relayed;
    }

    /// <summary>
    /// Sets an EDNS response's payload size, which is what ARSoft truncates a UDP response to: the client's, at
    /// least 512 and at most ours.
    /// </summary>
    private void LimitPayload(DnsMessage query, DnsMessage response)
    {
        if (response.EDnsOptions is { } opt && query.EDnsOptions is { } asked)
        {
            opt.UdpPayloadSize = (ushort)Math.Clamp((int)asked.UdpPayloadSize, ClassicUdpLimit, _maxUdpPayload);
        }
    }

    private Outcome AnswerApex(DnsQuestion question, in QueryTarget target, DnsMessage response)
    {
        if (question.RecordType is RecordType.Soa or RecordType.Any)
        {
            response.AnswerRecords.Add(_soa.For(question.Name, target));
            return Outcome.Answered;
        }
        return Outcome.NoData;
    }

    private Outcome AnswerService(DnsQuestion question, in QueryTarget target, DnsMessage response)
    {
        var entry = FindService(target.Name.Span);
        if (entry is null)
        {
            return Outcome.NxDomain;
        }
        var records = entry.Answers(_catalog, _ttls, _onlyPassing).RecordsFor(question.Name, target.Tag.Span, _zone.AddrSuffixes[target.DomainIndex]);
        if (records.IsEmpty)
        {
            // Like Consul: a service with nothing healthy to offer does not exist as far as DNS is concerned.
            return Outcome.NxDomain;
        }
        var addresses = question.RecordType switch
        {
            RecordType.A => records.ForA,
            RecordType.Aaaa => records.ForAaaa,
            RecordType.Any => records.ForAny,
            _ => null,
        };
        if (addresses is not null)
        {
            ServiceRecords.AddShuffled(response.AnswerRecords, addresses, Random.Shared);
            return addresses.Length > 0 ? Outcome.Answered : Outcome.NoData;
        }
        if (question.RecordType == RecordType.Srv)
        {
            records.AddServices(response, Random.Shared);
            return Outcome.Answered;
        }
        return Outcome.NoData;
    }

    private Outcome AnswerNode(DnsQuestion question, in QueryTarget target, DnsMessage response)
    {
        var nodes = _nodes;
        if (nodes.Index != _catalog.Index)
        {
            nodes = NodeDirectory.Capture(_catalog);
            _nodes = nodes;
        }
        var addresses = nodes.Find(target.Name.Span);
        if (addresses is null)
        {
            return Outcome.NxDomain;
        }
        foreach (var address in addresses)
        {
            if (Wanted(address.Kind, question.RecordType))
            {
                response.AnswerRecords.Add(ServiceRecords.Record(question.Name, _ttls.Node, address));
            }
        }
        return response.AnswerRecords.Count > 0 ? Outcome.Answered : Outcome.NoData;
    }

    private Outcome AnswerAddr(DnsQuestion question, in QueryTarget target, DnsMessage response)
    {
        if (!PreparedAddress.TryParseHexLabel(target.Name.Span, out var ip))
        {
            return Outcome.NxDomain;
        }
        var kind = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? AddressKind.IPv4 : AddressKind.IPv6;
        if (!Wanted(kind, question.RecordType))
        {
            return Outcome.NoData;
        }
        response.AnswerRecords.Add(kind == AddressKind.IPv4 ? new ARecord(question.Name, _ttls.Node, ip) : new AaaaRecord(question.Name, _ttls.Node, ip));
        return Outcome.Answered;
    }

    private ServiceDirectory.Entry? FindService(ReadOnlySpan<char> name)
    {
        var services = _services;
        var entry = services.Find(name);
        if (entry is null && services.Index != _catalog.Index)
        {
            services = ServiceDirectory.Capture(_catalog, services);
            _services = services;
            entry = services.Find(name);
        }
        return entry;
    }

    private static bool Wanted(AddressKind kind, RecordType qtype) => qtype switch
    {
        RecordType.A => kind != AddressKind.IPv6,
        RecordType.Aaaa => kind != AddressKind.IPv4,
        _ => qtype == RecordType.Any,
    };

    private enum Outcome
    {
        Answered,
        NoData,
        NxDomain,
    }
}
