using BenchmarkDotNet.Running;
using Registry.Bench.Micro.Dns;

// "dns-host" serves a synthetic catalog over DNS for bench/dns/compare.sh; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "dns-host")
{
    return await DnsBenchHost.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(DnsResponderBenchmarks).Assembly).Run(args);
return 0;
