import { getStatus, LONG_POLL_WAIT, waitForEvents, type Status } from "../api/native";
import { Failed, Loading, Stale } from "../components/States";
import { useLive } from "../live/useLive";
import { checksText, connectionText, lagText, serverRows } from "../model/ensemble";
import { zxid } from "../model/format";

/**
 * A server going down or coming back writes nothing to the tree, so in an ensemble the status is read again at
 * least this often; a standalone server's status changes only with writes.
 */
const PEER_REFRESH = "2s";

export function EnsembleView() {
  // Every committed write moves some server's last zxid; a write anywhere in the tree wakes the poll.
  const live = useLive<Status>(async (previous, signal) => {
    if (previous) await waitForEvents("/", previous.index, signal, true, previous.value.peers ? PEER_REFRESH : LONG_POLL_WAIT);
    return getStatus(signal);
  }, []);

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
