import { useState } from "preact/hooks";
import { createZnode, deleteZnode, readZnode, setZnodeData, waitForEvents, type Znode } from "../api/native";
import { Dialog } from "../components/Dialog";
import { Link } from "../components/Link";
import { Failed, Loading, Stale } from "../components/States";
import { useLive } from "../live/useLive";
import { bestFormat, decodeText, render, type DataFormat } from "../model/data";
import { childPath, epochAndCounter, parentPath, timestamp, zxid } from "../model/format";
import { navigate } from "../router";

const encoder = new TextEncoder();

export function TreeView({ path }: { path: string }) {
  const live = useLive<Znode>(
    async (previous, signal) => {
      if (previous) {
        const batch = await waitForEvents(path, previous.index, signal);
        if (!batch.reset && batch.events.length === 0) return { value: previous.value, index: batch.index };
      }
      return readZnode(path, signal);
    },
    [path],
  );

  return (
    <>
      <h1 tabIndex={-1}>Tree</h1>
      <Breadcrumb path={path} />
      {live.status === "loading" && <Loading what={path} />}
      {live.status === "failed" && (
        <>
          <Failed what={path} error={live.error} />
          {path !== "/" && <Link to={`/tree${parentPath(path)}`}>Go to {parentPath(path)}</Link>}
        </>
      )}
      {live.status === "ready" && (
        <>
          <Stale problem={live.problem} />
          <NodeDetails key={live.value.path} node={live.value} />
        </>
      )}
    </>
  );
}

function Breadcrumb({ path }: { path: string }) {
  const parts = path.split("/").filter(Boolean);
  return (
    <nav aria-label="Path" class="breadcrumb">
      <ol>
        <li>
          <Link to="/tree/" current={parts.length === 0}>
            /
          </Link>
        </li>
        {parts.map((part, i) => {
          const to = "/" + parts.slice(0, i + 1).join("/");
          return (
            <li key={to}>
              <Link to={`/tree${to}`} current={i === parts.length - 1}>
                {part}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function NodeDetails({ node }: { node: Znode }) {
  const [dialog, setDialog] = useState<"create" | "delete" | null>(null);
  return (
    <div class="split">
      <section aria-labelledby="children-title" class="panel">
        <div class="panel-head">
          <h2 id="children-title">Children ({node.children.length})</h2>
          <button type="button" onClick={() => setDialog("create")}>
            Create child…
          </button>
        </div>
        {node.children.length === 0 ? (
          <p class="muted">No children.</p>
        ) : (
          <ul class="children" aria-label={`Children of ${node.path}`}>
            {node.children.map((name) => (
              <li key={name}>
                <Link to={`/tree${childPath(node.path, name)}`}>{name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div class="stack">
        <DataPanel node={node} />
        <StatPanel node={node} />
        <AclPanel node={node} />
        {node.path !== "/" && (
          <section aria-labelledby="danger-title" class="panel">
            <h2 id="danger-title">Delete</h2>
            <button type="button" class="danger" onClick={() => setDialog("delete")}>
              Delete {node.path}…
            </button>
          </section>
        )}
      </div>
      {dialog === "create" && <CreateDialog parent={node.path} onClose={() => setDialog(null)} />}
      {dialog === "delete" && <DeleteDialog node={node} onClose={() => setDialog(null)} />}
    </div>
  );
}

function DataPanel({ node }: { node: Znode }) {
  const [format, setFormat] = useState<DataFormat>(() => bestFormat(node.data));
  // The draft keeps the version it was started from: a change made elsewhere meanwhile makes the save fail
  // instead of being overwritten unseen.
  const [draft, setDraft] = useState<{ text: string; version: number } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const text = decodeText(node.data);
  const formats: [DataFormat, string][] = [
    ["text", "Text"],
    ["json", "JSON"],
    ["hex", "Hex"],
  ];
  return (
    <section aria-labelledby="data-title" class="panel">
      <div class="panel-head">
        <h2 id="data-title">Data ({node.stat.dataLength} bytes)</h2>
        {draft === null && (
          <button type="button" onClick={() => setDraft({ text: text ?? "", version: node.stat.version })} disabled={text === null} title={text === null ? "Binary data cannot be edited as text" : undefined}>
            Edit data
          </button>
        )}
      </div>
      {draft === null ? (
        <>
          <fieldset class="segmented">
            <legend class="visually-hidden">Show data as</legend>
            {formats.map(([value, label]) => (
              <label key={value}>
                <input type="radio" name="data-format" value={value} checked={format === value} onChange={() => setFormat(value)} />
                {label}
              </label>
            ))}
          </fieldset>
          <pre class="data" aria-label="Node data" tabIndex={0}>
            {node.data.length === 0 ? <span class="muted">(empty)</span> : render(node.data, format)}
          </pre>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setConfirming(true);
          }}
        >
          <label for="data-editor">New data (UTF-8 text)</label>
          <textarea id="data-editor" rows={8} value={draft.text} onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })} />
          <div class="actions">
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
            <button type="submit" class="primary">
              Save…
            </button>
          </div>
        </form>
      )}
      {confirming && draft !== null && (
        <Dialog
          title="Replace data?"
          confirmLabel="Replace data"
          onConfirm={() => setZnodeData(node.path, encoder.encode(draft.text), draft.version)}
          onClose={() => {
            setConfirming(false);
            setDraft(null);
          }}
        >
          <p>
            Replace the data of <code>{node.path}</code> with {encoder.encode(draft.text).length} bytes? The write only succeeds if the node is
            still at version {draft.version}, the version the edit started from.
          </p>
        </Dialog>
      )}
    </section>
  );
}

function StatPanel({ node }: { node: Znode }) {
  const s = node.stat;
  const zx = (v: number) => (
    <span title={epochAndCounter(v)}>
      {zxid(v)} <span class="muted">({v})</span>
    </span>
  );
  const rows: [string, preact.ComponentChildren][] = [
    ["czxid", zx(s.czxid)],
    ["mzxid", zx(s.mzxid)],
    ["pzxid", zx(s.pzxid)],
    ["ctime", timestamp(s.ctime)],
    ["mtime", timestamp(s.mtime)],
    ["version", s.version],
    ["cversion", s.cversion],
    ["aversion", s.aversion],
    ["ephemeralOwner", s.ephemeralOwner === "0" ? "none (persistent)" : <Link to={`/sessions/${s.ephemeralOwner}`}>session {s.ephemeralOwner}</Link>],
    ["dataLength", s.dataLength],
    ["numChildren", s.numChildren],
  ];
  return (
    <section aria-labelledby="stat-title" class="panel">
      <h2 id="stat-title">Stat</h2>
      <dl class="stat">
        {rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function AclPanel({ node }: { node: Znode }) {
  return (
    <section aria-labelledby="acl-title" class="panel">
      <h2 id="acl-title">ACL</h2>
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">Scheme</th>
            <th scope="col">Id</th>
            <th scope="col">Permissions</th>
          </tr>
        </thead>
        <tbody>
          {node.acl.map((e) => (
            <tr key={`${e.scheme}:${e.id}`}>
              <td data-label="Scheme">{e.scheme}</td>
              <td data-label="Id">{e.id}</td>
              <td data-label="Permissions">
                <code>{e.perms}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const MODES = ["persistent", "persistent_sequential", "container"];

function CreateDialog({ parent, onClose }: { parent: string; onClose: () => void }) {
  const [name, setName] = useState("");
  const [mode, setMode] = useState(MODES[0]);
  const [data, setData] = useState("");
  return (
    <Dialog
      title={`Create a child of ${parent}`}
      confirmLabel="Create"
      onConfirm={async () => {
        const created = await createZnode(childPath(parent, name), encoder.encode(data), mode);
        navigate(`/tree${created}`);
      }}
      onClose={onClose}
    >
      <label for="create-name">Name</label>
      <input id="create-name" required pattern="[^/]+" value={name} onInput={(e) => setName(e.currentTarget.value)} autoComplete="off" />
      <label for="create-mode">Mode</label>
      <select id="create-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value)}>
        {MODES.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <label for="create-data">Data (UTF-8 text, optional)</label>
      <textarea id="create-data" rows={4} value={data} onInput={(e) => setData(e.currentTarget.value)} />
    </Dialog>
  );
}

function DeleteDialog({ node, onClose }: { node: Znode; onClose: () => void }) {
  const [recursive, setRecursive] = useState(false);
  return (
    <Dialog
      title={`Delete ${node.path}?`}
      confirmLabel="Delete"
      danger
      onConfirm={async () => {
        await deleteZnode(node.path, node.stat.version, recursive);
        navigate(`/tree${parentPath(node.path)}`);
      }}
      onClose={onClose}
    >
      <p>
        This deletes <code>{node.path}</code> (version {node.stat.version}) and cannot be undone.
      </p>
      {node.children.length > 0 && (
        <label class="check">
          <input type="checkbox" checked={recursive} onChange={(e) => setRecursive(e.currentTarget.checked)} />
          Also delete its {node.children.length} children and everything below them
        </label>
      )}
    </Dialog>
  );
}
