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
    }))
    .sort((a, b) => a.serverId - b.serverId);
}

export function lagText(lag: number | null): string {
  if (lag === null) return "unknown";
  return lag === 0 ? "up to date" : `${lag} behind`;
}

/** The connection cell: the answering server is the one the others are seen from. */
export function connectionText(state: string): string {
  return state === "self" ? "this server" : state;
}
