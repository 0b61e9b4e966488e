import { CatalogUnavailable, healthService } from "../api/consul";
import { readChildrenData } from "../api/native";
import { Link } from "../components/Link";
import { Failed, Loading, Stale } from "../components/States";
import { useLive } from "../live/useLive";
import { instanceRows, ownersFromZnodes, type InstanceRow } from "../model/services";
import { Unavailable } from "./ServicesView";

const isFinal = (e: unknown) => e instanceof CatalogUnavailable;

export function ServiceDetail({ name }: { name: string }) {
  const live = useLive<InstanceRow[]>(
    async (previous, signal) => {
      const health = await healthService(name, previous?.index, signal);
      // Instances are ephemeral znodes under /services/<name>; their owner is the session that registered them.
      const owners = ownersFromZnodes(await readChildrenData(`/services/${name}`, signal));
      return { index: health.index, value: instanceRows(health.value, owners) };
    },
    [name],
    isFinal,
  );

  return (
    <>
      <p>
        <Link to="/services">← All services</Link>
      </p>
      <h1 tabIndex={-1}>Service {name}</h1>
      {live.status === "loading" && <Loading what={`instances of ${name}`} />}
      {live.status === "failed" && (live.error instanceof CatalogUnavailable ? <Unavailable /> : <Failed what={`instances of ${name}`} error={live.error} />)}
      {live.status === "ready" && (
        <>
          <Stale problem={live.problem} />
          {live.value.length === 0 && <p class="muted">No instances registered.</p>}
          {live.value.map((i) => (
            <Instance key={i.id} instance={i} />
          ))}
        </>
      )}
    </>
  );
}

function Instance({ instance: i }: { instance: InstanceRow }) {
  const headingId = `instance-${i.id}`;
  return (
    <section class="panel" aria-labelledby={headingId}>
      <div class="panel-head">
        <h2 id={headingId}>{i.id}</h2>
        <span class={`health ${i.status}`}>{i.status}</span>
      </div>
      <dl class="stat">
        <div>
          <dt>Address</dt>
          <dd>
            <code>
              {i.address}:{i.port}
            </code>
          </dd>
        </div>
        <div>
          <dt>Node</dt>
          <dd>{i.node}</dd>
        </div>
        <div class="wide">
          <dt>Session</dt>
          <dd>
            {i.session ? (
              <Link to={`/sessions/${i.session}`}>
                <code>{i.session}</code>
              </Link>
            ) : (
              <span class="muted">unknown</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>{i.tags.length ? i.tags.map((t) => <span key={t} class="tag">{t}</span>) : <span class="muted">none</span>}</dd>
        </div>
        {i.meta.map(([k, v]) => (
          <div key={k}>
            <dt>meta {k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <table class="cards checks">
        <caption>Checks</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Status</th>
            <th scope="col">Last output</th>
          </tr>
        </thead>
        <tbody>
          {i.checks.map((c) => (
            <tr key={c.id}>
              <th scope="row" data-label="Check">
                {c.name} <span class="muted">{c.id}</span>
              </th>
              <td data-label="Status">
                <span class={`health ${c.status}`}>{c.status}</span>
              </td>
              <td data-label="Last output">
                <pre class="output">{c.output || "-"}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
