import { getStatus, type Status } from "../api/native";
import { Failed, Loading, Stale } from "../components/States";
import { useLive } from "../live/useLive";
import { checksText, connectionText, lagText, serverRows } from "../model/ensemble";
import { zxid } from "../model/format";

export function EnsembleView() {
  // The status long poll answers when the role, leader, a peer connection or check ownership changes, and (a few
  // times a second at most) as writes land and peers catch up; nothing is re-read on a timer.
  const live = useLive<Status>((previous, signal) => getStatus(previous?.index, signal), []);

  return (
    <>
      <h1 tabIndex={-1}>Ensemble</h1>
      {live.status === "loading" && <Loading what="the server status" />}
      {live.status === "failed" && <Failed what="the server status" error={live.error} />}
      {live.status === "ready" && (
        <>
          <Stale problem={live.problem} />
          <dl class="summary" aria-label="This server">
            <div>
              <dt>Mode</dt>
              <dd>{live.value.mode}</dd>
            </div>
            {(live.value.peers || live.value.leaderId != null) && (
              <div>
                <dt>Leader</dt>
                <dd>{live.value.leaderId == null ? "none" : `server ${live.value.leaderId}`}</dd>
              </div>
            )}
            {live.value.epoch !== undefined && (
              <div>
                <dt>Epoch</dt>
                <dd>{live.value.epoch}</dd>
              </div>
            )}
            <div>
              <dt>Version</dt>
              <dd>{live.value.version}</dd>
            </div>
            <div>
              <dt>Znodes</dt>
              <dd>{live.value.nodeCount}</dd>
            </div>
            <div>
              <dt>Sessions</dt>
              <dd>{live.value.sessionCount}</dd>
            </div>
            <div>
              <dt>Watches</dt>
              <dd>{live.value.watchCount}</dd>
            </div>
          </dl>
          <table class="cards">
            <caption>Servers</caption>
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Role</th>
                <th scope="col">Last zxid</th>
                <th scope="col">Lag</th>
                <th scope="col">Connection</th>
                <th scope="col">Checks run</th>
              </tr>
            </thead>
            <tbody>
              {serverRows(live.value).map((s) => (
                <tr key={s.serverId}>
                  <th scope="row" data-label="Server">
                    {s.serverId} {s.address && <span class="muted">{s.address}</span>} {s.self && <span class="badge">this server</span>}
                  </th>
                  <td data-label="Role">{s.role}</td>
                  <td data-label="Last zxid">
                    <code>{zxid(s.lastZxid)}</code>
                  </td>
                  <td data-label="Lag">{lagText(s.lag)}</td>
                  <td data-label="Connection">{connectionText(s.state)}</td>
                  <td data-label="Checks run">{checksText(s.checks)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
