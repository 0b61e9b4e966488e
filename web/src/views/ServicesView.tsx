import { useState } from "preact/hooks";
import { CatalogUnavailable, catalogServices, healthService, type CatalogServices, type ServiceEntry } from "../api/consul";
import { Link } from "../components/Link";
import { Failed, Loading, Stale } from "../components/States";
import { useLive } from "../live/useLive";
import { filterServices, summarize } from "../model/services";

interface Catalog {
  services: CatalogServices;
  health: Map<string, ServiceEntry[]>;
}

const isFinal = (e: unknown) => e instanceof CatalogUnavailable;

export function Unavailable() {
  return (
    <p class="state" role="status">
      The catalog API is not available on this server, so there are no services to show. The tree, sessions and ensemble views still work.
    </p>
  );
}

export function ServicesView() {
  const [query, setQuery] = useState("");
  const live = useLive<Catalog>(
    async (previous, signal) => {
      // This server's catalog index moves with every instance change, check results included (Consul's moves
      // only with registrations), so one blocking query keeps the health counts current too.
      const catalog = await catalogServices(previous?.index, signal);
      const names = Object.keys(catalog.value);
      const health = await Promise.all(names.map(async (n) => [n, (await healthService(n, undefined, signal)).value] as const));
      return { index: catalog.index, value: { services: catalog.value, health: new Map(health) } };
    },
    [],
    isFinal,
  );

  return (
    <>
      <h1 tabIndex={-1}>Services</h1>
      {live.status === "loading" && <Loading what="services" />}
      {live.status === "failed" && (live.error instanceof CatalogUnavailable ? <Unavailable /> : <Failed what="services" error={live.error} />)}
      {live.status === "ready" && (
        <>
          <Stale problem={live.problem} />
          <div class="filter">
            <label for="service-filter">Filter by name or tag</label>
            <input id="service-filter" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} autoComplete="off" />
          </div>
          <ServiceTable services={filterServices(summarize(live.value.services, live.value.health), query)} />
        </>
      )}
    </>
  );
}

function ServiceTable({ services }: { services: ReturnType<typeof filterServices> }) {
  if (services.length === 0) return <p class="muted">No services match.</p>;
  return (
    <table class="cards">
      <caption>{services.length} services</caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Passing</th>
          <th scope="col">Warning</th>
          <th scope="col">Critical</th>
          <th scope="col">Tags</th>
        </tr>
      </thead>
      <tbody>
        {services.map((s) => (
          <tr key={s.name}>
            <th scope="row" data-label="Service">
              <Link to={`/services/${s.name}`}>{s.name}</Link> <span class="muted">({s.total === 1 ? "1 instance" : `${s.total} instances`})</span>
            </th>
            <td data-label="Passing">
              <span class="health passing">{s.counts.passing}</span>
            </td>
            <td data-label="Warning">
              <span class="health warning">{s.counts.warning}</span>
            </td>
            <td data-label="Critical">
              <span class="health critical">{s.counts.critical}</span>
            </td>
            <td data-label="Tags">
              {s.tags.map((t) => (
                <span key={t} class="tag">
                  {t}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
