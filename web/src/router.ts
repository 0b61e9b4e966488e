// History-API routing under /ui: the server answers index.html for every /ui/* path.
import { useEffect, useState } from "preact/hooks";

export const BASE = "/ui";

function current(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : "/";
  return decodeURI(path || "/");
}

export function href(route: string): string {
  return BASE + encodeURI(route);
}

export function navigate(route: string, replace = false): void {
  const url = href(route);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    addEventListener("popstate", update);
    return () => removeEventListener("popstate", update);
  }, []);
  return route;
}
