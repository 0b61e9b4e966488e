// The Consul-compatible catalog and health API (blocking queries with ?index=&wait=, X-Consul-Index).
import { type Fetch, HttpError, indexHeader, request } from "./http";
import type { Indexed } from "./native";

export const CONSUL_INDEX_HEADER = "X-Consul-Index";
const WAIT = "55s";

/** The server answers 404 for the catalog routes: the Consul-compatible API is not enabled on it. */
export class CatalogUnavailable extends Error {
  constructor() {
    super("catalog API not available");
  }
}

export type HealthStatus = "passing" | "warning" | "critical";

/** GET /v1/catalog/services: service name -> every distinct tag across its instances. */
export type CatalogServices = Record<string, string[] | null>;

export interface HealthCheck {
  Node: string;
  CheckID: string;
  Name: string;
  Status: string;
  Notes?: string;
  Output?: string;
  ServiceID: string;
  ServiceName: string;
  Type?: string;
}

export interface ServiceEntry {
  Node: { Node: string; Address: string };
  Service: {
    ID: string;
    Service: string;
    Tags: string[] | null;
    Address: string;
    Port: number;
    Meta: Record<string, string> | null;
  };
  Checks: HealthCheck[] | null;
}

/**
 * A blocking query: answers at once without an index, else when the result's index passes it or the wait ends.
 * An index that goes backwards (a restore) is reported as is; the caller starts over from it.
 */
async function blocking<T>(url: string, index: number | undefined, signal: AbortSignal, fetchImpl: Fetch): Promise<Indexed<T>> {
  const separator = url.includes("?") ? "&" : "?";
  const full = index ? `${url}${separator}index=${index}&wait=${WAIT}` : url;
  try {
    const answer = await request<T>(full, { signal }, fetchImpl);
    return { value: answer.body, index: indexHeader(answer.headers, CONSUL_INDEX_HEADER) };
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw new CatalogUnavailable();
    throw error;
  }
}

export function catalogServices(index: number | undefined, signal: AbortSignal, fetchImpl: Fetch = fetch) {
  return blocking<CatalogServices>("/v1/catalog/services", index, signal, fetchImpl);
}

export function healthService(name: string, index: number | undefined, signal: AbortSignal, fetchImpl: Fetch = fetch) {
  return blocking<ServiceEntry[]>(`/v1/health/service/${encodeURIComponent(name)}`, index, signal, fetchImpl);
}
