// The Consul-compatible agent API as an application would call it, to register services and report their checks.
import assert from "node:assert/strict";

export interface Registration {
  Name: string;
  ID: string;
  Address: string;
  Port: number;
  Tags?: string[];
  Meta?: Record<string, string>;
  Check?: { CheckID: string; Name: string; TTL?: string; HTTP?: string; Interval?: string; Timeout?: string };
}

export class ConsulAgent {
  constructor(private readonly baseUrl: string) {}

  private async put(path: string, body?: unknown): Promise<void> {
    const response = await fetch(this.baseUrl + path, { method: "PUT", body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal(response.status, 200, `PUT ${path}: ${await response.text()}`);
  }

  register(service: Registration): Promise<void> {
    return this.put("/v1/agent/service/register", service);
  }

  deregister(id: string): Promise<void> {
    return this.put(`/v1/agent/service/deregister/${encodeURIComponent(id)}`);
  }

  /** Reports a TTL check: pass, warn or fail, with a note that becomes the check's output. */
  report(checkId: string, state: "pass" | "warn" | "fail", note: string): Promise<void> {
    return this.put(`/v1/agent/check/${state}/${encodeURIComponent(checkId)}?note=${encodeURIComponent(note)}`);
  }
}
