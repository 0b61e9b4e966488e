# Sourced by the benchmark scripts: builds the server and the load generator in Release and names their entry points
# ($registry_dll, $bench_dll). Run from the repository root.
dotnet build src/Registry.Cli -c Release -nologo -v quiet >/dev/null
dotnet build bench/Registry.Bench -c Release -nologo -v quiet >/dev/null
registry_dll=src/Registry.Cli/bin/Release/net10.0/registry.dll
bench_dll=bench/Registry.Bench/bin/Release/net10.0/registry-bench.dll
