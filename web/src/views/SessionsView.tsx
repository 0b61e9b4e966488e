import { listSessions, type Session } from "../api/native";
import { Link } from "../components/Link";
import { Failed, Loading, Stale } from "../components/States";
import { useLive } from "../live/useLive";
import { duration, timestamp } from "../model/format";

export function SessionsView({ selected }: { selected: string | null }) {
  const live = useLive<Session[]>((previous, signal) => listSessions(previous?.index, signal), []);

  return (
    <>
      <h1 tabIndex={-1}>Sessions</h1>
      {live.status === "loading" && <Loading what="sessions" />}
      {live.status === "failed" && <Failed what="sessions" error={live.error} />}
      {live.status === "ready" && (
        <>
          <Stale problem={live.problem} />
          {live.value.length === 0 ? (
            <p class="muted">No open sessions.</p>
          ) : (
            <table class="cards">
              <caption>{live.value.length} open sessions</caption>
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Timeout</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Ephemeral nodes</th>
                </tr>
              </thead>
              <tbody>
                {live.value.map((s) => (
                  <tr key={s.id} id={`session-${s.id}`} class={s.id === selected ? "selected" : undefined} aria-current={s.id === selected ? "true" : undefined}>
                    <th scope="row" data-label="Session">
                      <code>{s.id}</code>
                    </th>
                    <td data-label="Timeout">{duration(s.timeoutMs)}</td>
                    <td data-label="Last seen">{s.lastSeen ? timestamp(s.lastSeen) : <span class="muted">not reported</span>}</td>
                    <td data-label="Ephemeral nodes">
                      {s.ephemerals?.length ? (
                        <ul class="plain">
                          {s.ephemerals.map((path) => (
                            <li key={path}>
                              <Link to={`/tree${path}`}>{path}</Link>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span class="muted">none</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
