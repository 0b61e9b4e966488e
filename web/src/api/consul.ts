// The Consul-compatible catalog and health API (blocking queries with ?index=&wait=, X-Consul-Index).
import { blocking, type Fetch, HttpError, type Indexed } from "./http";

export const CONSUL_INDEX_HEADER = "X-Consul-Index";

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

/** A blocking query on the catalog; an index that goes backwards (a restore) is reported as is, the caller starts over from it. */
async function catalogQuery<T>(url: string, index: number | undefined, signal: AbortSignal, fetchImpl: Fetch): Promise<Indexed<T>> {
  try {
    return await blocking<T>(url, CONSUL_INDEX_HEADER, index, signal, fetchImpl);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw new CatalogUnavailable();
    throw error;
  }
}

export function catalogServices(index: number | undefined, signal: AbortSignal, fetchImpl: Fetch = fetch) {
  return catalogQuery<CatalogServices>("/v1/catalog/services", index, signal, fetchImpl);
}

export function healthService(name: string, index: number | undefined, signal: AbortSignal, fetchImpl: Fetch = fetch) {
  return catalogQuery<ServiceEntry[]>(`/v1/health/service/${encodeURIComponent(name)}`, index, signal, fetchImpl);
}
