// Pure data handling of the services view: health aggregation, per-service counts, filtering, instance rows.
import type { CatalogServices, HealthCheck, HealthStatus, ServiceEntry } from "../api/consul";

const SEVERITY: Record<HealthStatus, number> = { passing: 0, warning: 1, critical: 2 };

/** Consul's rule: an instance is as healthy as its worst check (node checks included); no checks = passing. */
export function aggregateStatus(checks: readonly HealthCheck[] | null | undefined): HealthStatus {
  let worst: HealthStatus = "passing";
  for (const check of checks ?? []) {
    // An unknown status string (e.g. "maintenance" spelled differently) is never taken as healthy.
    const status: HealthStatus = check.Status in SEVERITY ? (check.Status as HealthStatus) : "critical";
    if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  }
  return worst;
}

export interface HealthCounts {
  passing: number;
  warning: number;
  critical: number;
}

export interface ServiceSummary {
  name: string;
  tags: string[];
  counts: HealthCounts;
  total: number;
}

export function countByHealth(entries: readonly ServiceEntry[]): HealthCounts {
  const counts: HealthCounts = { passing: 0, warning: 0, critical: 0 };
  for (const entry of entries) counts[aggregateStatus(entry.Checks)]++;
  return counts;
}

/** One summary per catalog service, sorted by name; a service whose health is not loaded yet counts no instances. */
export function summarize(catalog: CatalogServices, health: ReadonlyMap<string, readonly ServiceEntry[]>): ServiceSummary[] {
  return Object.entries(catalog)
    .map(([name, tags]) => {
      const entries = health.get(name) ?? [];
      return { name, tags: [...(tags ?? [])].sort(), counts: countByHealth(entries), total: entries.length };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Case-insensitive match on the name or any tag; every whitespace-separated word must match. */
export function filterServices(services: readonly ServiceSummary[], query: string): ServiceSummary[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...services];
  return services.filter((s) => {
    const haystack = [s.name, ...s.tags].map((t) => t.toLowerCase());
    return words.every((w) => haystack.some((h) => h.includes(w)));
  });
}

export interface InstanceRow {
  id: string;
  node: string;
  address: string;
  port: number;
  tags: string[];
  meta: [string, string][];
  status: HealthStatus;
  checks: { id: string; name: string; status: string; output: string; type: string }[];
  /** Hex id of the session owning the instance's znode, when known. */
  session: string | null;
}

/** Rows for a service's instances; the address falls back to the node's, as Consul clients do. */
export function instanceRows(entries: readonly ServiceEntry[], owners: ReadonlyMap<string, string>): InstanceRow[] {
  return entries
    .map((e) => ({
      id: e.Service.ID,
      node: e.Node.Node,
      address: e.Service.Address || e.Node.Address,
      port: e.Service.Port,
      tags: [...(e.Service.Tags ?? [])],
      meta: Object.entries(e.Service.Meta ?? {}).sort(([a], [b]) => a.localeCompare(b)),
      status: aggregateStatus(e.Checks),
      checks: (e.Checks ?? []).map((c) => ({ id: c.CheckID, name: c.Name, status: c.Status, output: c.Output ?? "", type: c.Type ?? "" })),
      session: owners.get(e.Service.ID) ?? null,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Instance id -> owning session, from the instance znodes under /services/<name>: each holds the instance JSON
 * (its id under "id" or "ID") and, being ephemeral, names its owner in Stat.ephemeralOwner.
 */
export function ownersFromZnodes(nodes: readonly { data: Uint8Array; ephemeralOwner: string }[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const node of nodes) {
    if (node.ephemeralOwner === "0") continue;
    try {
      const doc = JSON.parse(new TextDecoder().decode(node.data)) as Record<string, unknown>;
      const id = doc.id ?? doc.ID ?? doc.Id;
      if (typeof id === "string") owners.set(id, node.ephemeralOwner);
    } catch {
      // Not instance JSON: not an instance the catalog lists.
    }
  }
  return owners;
}
