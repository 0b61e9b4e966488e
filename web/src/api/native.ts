// The native REST API (/v1/znodes, /v1/sessions, /v1/events, /v1/status); shapes follow openapi/openapi.json.
import { blocking, type Fetch, HttpError, type Indexed, indexHeader, LONG_POLL_WAIT, request } from "./http";

export type { Indexed } from "./http";

export const INDEX_HEADER = "X-Registry-Index";

export interface Stat {
  czxid: number;
  mzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  /** Owning session in hex; "0" when the node is not ephemeral. */
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
  pzxid: number;
}

export interface AclEntry {
  perms: string;
  scheme: string;
  id: string;
}

export interface Znode {
  path: string;
  data: Uint8Array;
  stat: Stat;
  children: string[];
  acl: AclEntry[];
}

export interface Session {
  id: string;
  timeoutMs: number;
  ephemerals?: string[] | null;
  /** Milliseconds since the epoch of the session's last touch, when the server reports it. */
  lastSeen?: number | null;
}

export interface ChangeEvent {
  type: string;
  path: string;
  zxid: number;
}

export interface Events {
  index: number;
  reset: boolean;
  events: ChangeEvent[];
}

/** One configured server as the answering server knows it (lastZxid and lag as far as it knows them). */
export interface Peer {
  serverId: number;
  /** host:quorumPort:electionPort, as configured. */
  address: string;
  role: "leader" | "follower" | "observer" | "looking" | "unknown" | (string & {});
  lastZxid: number;
  /** Transactions behind the leader; null or absent (the server leaves nulls out) when it does not know. */
  lag?: number | null;
  state: "self" | "connected" | "disconnected" | (string & {});
}

export interface Status {
  mode: "standalone" | "leader" | "follower" | "observer" | "looking" | (string & {});
  serverId: number;
  /** The leader this server follows or is; null or absent while looking and when standalone. */
  leaderId?: number | null;
  /** The current epoch; 0 when standalone. */
  epoch?: number;
  lastZxid: number;
  nodeCount: number;
  sessionCount: number;
  ephemeralCount: number;
  watchCount: number;
  pendingWrites: number;
  version: string;
  /** Every configured server including this one; null or absent when standalone. */
  peers?: Peer[] | null;
  /** Health check ids each live server runs, by server id, as the answering server assigns them. */
  checkOwners?: Record<string, string[]> | null;
}

/** The URL of a znode: each path segment is escaped, "/" is the root. */
export function znodeUrl(path: string, query = ""): string {
  const segments = path.split("/").filter(Boolean).map(encodeURIComponent).join("/");
  return `/v1/znodes/${segments}${query ? `?${query}` : ""}`;
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Reads a node with its children and ACL; the index is the oldest of the three reads, so no change is missed. */
export async function readZnode(path: string, signal?: AbortSignal): Promise<Indexed<Znode>> {
  const [node, children, acl] = await Promise.all([
    request<{ path: string; data: string; stat: Stat }>(znodeUrl(path), { signal }),
    request<{ children: string[] }>(znodeUrl(path, "children"), { signal }),
    request<{ acl: AclEntry[] }>(znodeUrl(path, "acl"), { signal }),
  ]);
  const index = Math.min(...[node, children, acl].map((a) => indexHeader(a.headers, INDEX_HEADER)));
  return {
    index,
    value: { path, data: base64ToBytes(node.body.data), stat: node.body.stat, children: children.body.children, acl: acl.body.acl },
  };
}

/** Waits for changes to `path` and its direct children (or the whole subtree) after `index`, at most `wait`. */
export async function waitForEvents(path: string, index: number, signal: AbortSignal, recursive = false, wait = LONG_POLL_WAIT): Promise<Events> {
  const query = new URLSearchParams({ path, index: String(index), wait });
  if (recursive) query.set("recursive", "true");
  return (await request<Events>(`/v1/events?${query}`, { signal })).body;
}

export async function createZnode(path: string, data: Uint8Array<ArrayBuffer>, mode: string): Promise<string> {
  const answer = await request<{ path: string }>(znodeUrl(path, `mode=${encodeURIComponent(mode)}`), {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream" },
    body: data,
  });
  return answer.body.path;
}

export async function setZnodeData(path: string, data: Uint8Array<ArrayBuffer>, version: number): Promise<void> {
  await request(znodeUrl(path, `version=${version}`), {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream" },
    body: data,
  });
}

export async function deleteZnode(path: string, version: number, recursive: boolean): Promise<void> {
  await request(znodeUrl(path, `version=${version}${recursive ? "&recursive=true" : ""}`), { method: "DELETE" });
}

/** Every session with its ephemerals; with `index`, waits (long poll) until sessions or their ephemerals change. */
export function listSessions(index: number | undefined, signal: AbortSignal, fetchImpl: Fetch = fetch): Promise<Indexed<Session[]>> {
  return blocking<Session[]>("/v1/sessions", INDEX_HEADER, index, signal, fetchImpl);
}

/**
 * The server's status; with `index` (the X-Registry-Index of an earlier answer, the status generation), waits (long
 * poll) until the role, leader, a peer connection, check ownership or the zxids move.
 */
export function getStatus(index: number | undefined, signal: AbortSignal, fetchImpl: Fetch = fetch): Promise<Indexed<Status>> {
  return blocking<Status>("/v1/status", INDEX_HEADER, index, signal, fetchImpl);
}

/** The data and owner of every child of `path` ([] when the path does not exist); children deleted meanwhile are skipped. */
export async function readChildrenData(path: string, signal: AbortSignal): Promise<{ data: Uint8Array; ephemeralOwner: string }[]> {
  let names: string[];
  try {
    names = (await request<{ children: string[] }>(znodeUrl(path, "children"), { signal })).body.children;
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return [];
    throw e;
  }
  const nodes = await Promise.all(
    names.map((name) =>
      request<{ data: string; stat: Stat }>(znodeUrl(`${path}/${name}`), { signal }).then(
        (a) => ({ data: base64ToBytes(a.body.data), ephemeralOwner: a.body.stat.ephemeralOwner }),
        (e: unknown) => {
          if (e instanceof HttpError && e.status === 404) return null;
          throw e;
        },
      ),
    ),
  );
  return nodes.filter((n) => n !== null);
}
