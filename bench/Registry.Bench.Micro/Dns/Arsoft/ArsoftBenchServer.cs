using System.Collections.Concurrent;
using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Registry.Catalog.Model;

namespace Registry.Bench.Micro.Dns.Arsoft;

/// <summary>
/// ARSoft.Tools.Net's <see cref="DnsServer"/> (its UDP and TCP transports, parser and encoder) answering the
/// benchmark's query mix from prebuilt, shared <see cref="ArsoftServiceRecords"/>: A and SRV (with the targets'
/// A records as additional data) for <c>&lt;service&gt;.service.consul</c>, the SOA at the apex, NXDOMAIN with the
/// SOA otherwise. It is the lean core an ARSoft-based responder would have, measured side by side with the
/// Registry responder and BIND 9 by bench/dns/compare.sh (<c>--arsoft-port</c>).
/// </summary>
internal sealed class ArsoftBenchServer : IDisposable
{
    private const int Ttl = 0;

    private static readonly DomainName Domain = DomainName.Parse("consul");
    private static readonly DomainName ServiceSuffix = DomainName.Parse("service.consul");
    private static readonly DomainName AddrSuffix = DomainName.Parse("addr.dc1.consul");

    private readonly IServiceCatalog _catalog;
    private readonly ConcurrentDictionary<string, ArsoftServiceRecords> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly SoaRecord _soa = new(Domain, Ttl, DomainName.Parse("ns.consul"), DomainName.Parse("hostmaster.consul"), 1, 3600, 600, 86400, 0);
    private readonly DnsServer _server;

    public ArsoftBenchServer(IServiceCatalog catalog, IPEndPoint endPoint)
    {
        _catalog = catalog;
        _server = new DnsServer(new UdpServerTransport(endPoint), new TcpServerTransport(endPoint));
        _server.QueryReceived += OnQueryReceivedAsync;
        _server.Start();
    }

    public void Dispose() => _server.Stop();

    /// <summary>Answers one parsed query; what ARSoft encodes and sends is <see cref="QueryReceivedEventArgs.Response"/>.</summary>
    public DnsMessage Answer(DnsMessage query)
    {
        var response = query.CreateResponseInstance();
        if (query.Questions.Count != 1)
        {
            response.ReturnCode = ReturnCode.FormatError;
            return response;
        }
        var question = query.Questions[0];
        if (!question.Name.IsEqualOrSubDomainOf(Domain))
        {
            response.ReturnCode = ReturnCode.Refused;
            return response;
        }
        response.IsAuthoritiveAnswer = true;
        if (question.Name.LabelCount == 1)
        {
            if (question.RecordType is RecordType.Soa or RecordType.Any)
            {
                response.AnswerRecords.Add(_soa);
            }
            else
            {
                response.AuthorityRecords.Add(_soa);
            }
            return response;
        }
        var records = question.Name.LabelCount == 3 && question.Name.GetParentName().Equals(ServiceSuffix, ignoreCase: true)
            ? Find(question.Name)
            : null;
        if (records is null)
        {
            response.ReturnCode = ReturnCode.NxDomain;
            response.AuthorityRecords.Add(_soa);
            return response;
        }
        switch (question.RecordType)
        {
            case RecordType.A:
                AddShuffled(response.AnswerRecords, records.Addresses);
                break;
            case RecordType.Srv:
                var start = response.AnswerRecords.Count;
                AddShuffled(response.AnswerRecords, records.Services);
                for (var i = start; i < response.AnswerRecords.Count; i++)
                {
                    response.AdditionalRecords.Add(records.Targets[Array.IndexOf(records.Services, response.AnswerRecords[i])]);
                }
                break;
            default:
                response.AuthorityRecords.Add(_soa);
                break;
        }
        return response;
    }

    private ArsoftServiceRecords? Find(DomainName name)
    {
        var service = name.Labels[0];
        if (_records.TryGetValue(service, out var records))
        {
            return records;
        }
        if (_catalog.ServiceIndex(service) == 0)
        {
            return null;
        }
        return _records.GetOrAdd(service, s => ArsoftServiceRecords.Build(_catalog, s, name, AddrSuffix, Ttl));
    }

    private static void AddShuffled(List<DnsRecordBase> section, DnsRecordBase[] records)
    {
        var start = section.Count;
        section.AddRange(records);
        for (var i = records.Length - 1; i > 0; i--)
        {
            var j = Random.Shared.Next(i + 1);
            (section[start + i], section[start + j]) = (section[start + j], section[start + i]);
        }
    }

    private Task OnQueryReceivedAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is DnsMessage query)
        {
            e.Response = Answer(query);
        }
        return Task.CompletedTask;
    }
}
