// The ensemble view's rows: the peers /v1/status lists, or the answering server alone (standalone servers).
import type { Peer, Status } from "../api/native";

export interface ServerRow {
  serverId: number;
  address: string;
  role: string;
  lastZxid: number;
  /** Transactions behind the most advanced server. */
  lag: number;
  state: string;
  checks: string[] | null;
  self: boolean;
}

export function serverRows(status: Status): ServerRow[] {
  const peers: Peer[] = status.peers?.length
    ? status.peers
    : [{ serverId: status.serverId, role: status.mode, lastZxid: status.lastZxid, state: "connected" }];
  const newest = Math.max(...peers.map((p) => p.lastZxid));
  return peers
    .map((p) => ({
      serverId: p.serverId,
      address: p.address ?? "",
      role: p.role,
      lastZxid: p.lastZxid,
      lag: p.lag ?? newest - p.lastZxid,
      state: p.state ?? "unknown",
      checks: p.checks ?? null,
      self: p.serverId === status.serverId,
    }))
    .sort((a, b) => a.serverId - b.serverId);
}
