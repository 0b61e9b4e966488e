// Display formats shared by the views.

/** A zxid as ZooKeeper tools print it (0x + hex), with its epoch and counter. */
export function zxid(value: number): string {
  return `0x${value.toString(16)}`;
}

export function epochAndCounter(value: number): string {
  const epoch = Math.floor(value / 2 ** 32);
  const counter = value % 2 ** 32;
  return `epoch ${epoch}, counter ${counter}`;
}

export function timestamp(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "-";
}

export function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The parent of a znode path ("/" for top-level nodes and the root). */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut <= 0 ? "/" : path.slice(0, cut);
}

export function childPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}
