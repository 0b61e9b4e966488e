// The ensemble view's rows: the peers /v1/status lists, or the answering server alone (standalone servers).
import type { Peer, Status } from "../api/native";

export interface ServerRow {
  serverId: number;
  address: string;
  role: string;
  lastZxid: number;
  /** Transactions behind the leader; null when the answering server does not know. */
  lag: number | null;
  /** self, connected or disconnected, as the answering server sees it. */
  state: string;
  self: boolean;
  /** The health checks it runs; null when the answering server counts it out (down or unreachable) or does not say. */
  checks: string[] | null;
}

export function serverRows(status: Status): ServerRow[] {
  const peers: Peer[] = status.peers?.length
    ? status.peers
    : [{ serverId: status.serverId, address: "", role: status.mode, lastZxid: status.lastZxid, lag: 0, state: "self" }];
  return peers
    .map((p) => ({
      serverId: p.serverId,
      address: p.address ?? "",
      role: p.role,
      lastZxid: p.lastZxid,
      lag: p.lag ?? null,
      state: p.state ?? "unknown",
      self: p.serverId === status.serverId,
      checks: status.checkOwners?.[String(p.serverId)] ?? null,
    }))
    .sort((a, b) => a.serverId - b.serverId);
}

export function lagText(lag: number | null): string {
  if (lag === null) return "unknown";
  return lag === 0 ? "up to date" : `${lag} behind`;
}

export function checksText(checks: string[] | null): string {
  if (checks === null) return "none (not running checks)";
  return checks.length === 0 ? "none" : checks.join(", ");
}

/** The connection cell: the answering server is the one the others are seen from. */
export function connectionText(state: string): string {
  return state === "self" ? "this server" : state;
}
