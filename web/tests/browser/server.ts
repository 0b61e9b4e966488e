// A real `registry start` process on a free loopback port with a throw-away data directory.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..", "..");
const cli = join(repoRoot, "src/Registry.Cli/bin/Release/net10.0/registry.dll");
const STARTUP_DEADLINE_MS = 60_000;

export interface RunningServer {
  baseUrl: string;
  pid: number;
  /** Ends the process (SIGTERM, then SIGKILL) and removes its data directory. */
  stop(): Promise<void>;
  /** Kills the process at once, as a crash would; resolves once it has exited. */
  kill(): Promise<void>;
}

/** `count` distinct free loopback ports: every probe stays open until all are chosen, so none repeats. */
export async function freePorts(count: number): Promise<number[]> {
  const probes = await Promise.all(
    Array.from({ length: count }, () => new Promise<Server>((resolve, reject) => {
      const probe = createServer();
      probe.once("error", reject);
      probe.listen(0, "127.0.0.1", () => resolve(probe));
    })),
  );
  const ports = probes.map((p) => (p.address() as { port: number }).port);
  await Promise.all(probes.map((p) => new Promise((resolve) => p.close(resolve))));
  return ports;
}

/**
 * `count` distinct free loopback ports below the kernel's ephemeral range, for ports a server binds some time after
 * they are chosen (peer ports): until then, one from the ephemeral range can go to any outgoing connection on the machine.
 */
export async function stablePorts(count: number): Promise<number[]> {
  const ceiling = ephemeralRangeStart();
  const ports = new Set<number>();
  for (let tries = 0; ports.size < count && tries < 1000; tries++) {
    const port = 10_000 + Math.floor(Math.random() * (ceiling - 10_000));
    if (!ports.has(port) && (await isFree(port))) ports.add(port);
  }
  if (ports.size < count) throw new Error("no free loopback ports below the ephemeral range");
  return [...ports];
}

function ephemeralRangeStart(): number {
  try {
    const start = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return start > 11_000 ? start : 32_768;
  } catch {
    return 32_768;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts a server; `extraArgs` go to `registry start` after the defaults, e.g. `--id 2 --peers …`. */
export async function startServer(extraArgs: readonly string[] = []): Promise<RunningServer> {
  if (!existsSync(cli)) {
    throw new Error(`${cli} is missing: build first with dotnet build Registry.sln -c Release -warnaserror`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "registry-web-"));
  const [port] = await freePorts(1);
  const child = spawn(
    "dotnet",
    [cli, "start", "--data", dataDir, "--http-port", String(port), "--bind", "127.0.0.1", "--Registry:ZooKeeperPort=0", "--Registry:Dns:Port=0", ...extraArgs],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killed = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited(child);
      clearTimeout(killed);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const kill = async () => {
    process.kill(child.pid!, "SIGKILL");
    await exited(child);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Now listening on" within ${STARTUP_DEADLINE_MS} ms:\n${output}`)), STARTUP_DEADLINE_MS);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Now listening on")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code} before listening:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  // Keep draining the pipes so a chatty server never blocks on a full buffer.
  child.stdout!.removeAllListeners("data").resume();
  child.stderr!.removeAllListeners("data").resume();
  return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid!, stop, kill };
}
