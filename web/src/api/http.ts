/** An HTTP answer that was not 2xx; `detail` is the problem+json detail or the plain-text body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail ? `${status}: ${detail}` : `HTTP ${status}`);
  }
}

export type Fetch = typeof fetch;

/** A value with the index to long-poll for its next change (X-Registry-Index or X-Consul-Index). */
export interface Indexed<T> {
  value: T;
  index: number;
}

/** How long one long poll may wait; the server caps waits at 10 minutes. */
export const LONG_POLL_WAIT = "55s";

export interface Answer<T> {
  body: T;
  headers: Headers;
}

/** Sends a request and decodes JSON (or nothing, for 204); any other status becomes an HttpError. */
export async function request<T>(url: string, init: RequestInit = {}, fetchImpl: Fetch = fetch): Promise<Answer<T>> {
  const response = await fetchImpl(url, init);
  if (!response.ok) {
    throw new HttpError(response.status, await errorDetail(response));
  }
  const text = response.status === 204 ? "" : await response.text();
  return { body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

async function errorDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  if ((response.headers.get("content-type") ?? "").includes("json")) {
    try {
      const problem = JSON.parse(text) as { detail?: string; title?: string };
      return problem.detail ?? problem.title ?? text;
    } catch {
      return text;
    }
  }
  return text.trim();
}

/**
 * A blocking query, as the native and the Consul-compatible APIs both take it: answers at once without an index, else
 * when the resource's index passes it or the wait ends. The answer's index is read from `header`.
 */
export async function blocking<T>(url: string, header: string, index: number | undefined, signal: AbortSignal, fetchImpl: Fetch = fetch): Promise<Indexed<T>> {
  const separator = url.includes("?") ? "&" : "?";
  const full = index === undefined ? url : `${url}${separator}index=${index}&wait=${LONG_POLL_WAIT}`;
  const answer = await request<T>(full, { signal }, fetchImpl);
  return { value: answer.body, index: indexHeader(answer.headers, header) };
}

/** A non-negative integer header such as X-Registry-Index or X-Consul-Index; 0 when absent or malformed. */
export function indexHeader(headers: Headers, name: string): number {
  const value = Number(headers.get(name));
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
