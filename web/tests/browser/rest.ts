// The native REST API as the tests use it to arrange and verify state independently of the UI.
import assert from "node:assert/strict";

export class Rest {
  constructor(private readonly baseUrl: string) {}

  async send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.baseUrl + path, {
      method,
      body,
      headers: body === undefined ? headers : { "Content-Type": "application/octet-stream", ...headers },
    });
  }

  async create(path: string, data: string, query = "", headers: Record<string, string> = {}): Promise<string> {
    const response = await this.send("POST", `/v1/znodes${path}${query ? `?${query}` : ""}`, data, headers);
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as { path: string }).path;
  }

  /** The node's data as text, or null when it does not exist. */
  async data(path: string): Promise<string | null> {
    const response = await this.send("GET", `/v1/znodes${path}`, undefined, { Accept: "application/octet-stream" });
    if (response.status === 404) return null;
    assert.equal(response.status, 200);
    return await response.text();
  }

  /** Opens a session; the answer holds the timeout the server negotiated. */
  async openSession(timeoutMs = 30_000): Promise<{ id: string; timeoutMs: number }> {
    const response = await fetch(`${this.baseUrl}/v1/sessions`, { method: "POST", body: JSON.stringify({ timeoutMs }), headers: { "Content-Type": "application/json" } });
    assert.equal(response.status, 201);
    return (await response.json()) as { id: string; timeoutMs: number };
  }

  async closeSession(id: string): Promise<void> {
    assert.equal((await this.send("DELETE", `/v1/sessions/${id}`)).status, 204);
  }

  async json<T>(path: string): Promise<T> {
    const response = await this.send("GET", path);
    assert.equal(response.status, 200);
    return (await response.json()) as T;
  }
}

