using System.Runtime.CompilerServices;

// The simulator lowers the zxid counter limit to drive epochs through the counter rollover.
[assembly: InternalsVisibleTo("Registry.Simulation.Tests")]
