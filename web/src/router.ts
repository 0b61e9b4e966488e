// History-API routing under /ui: the server answers index.html for every /ui/* path.
import { useEffect, useState } from "preact/hooks";

export const BASE = "/ui";

// Segments are escaped one by one: znode names may hold "?", "#" or "%", which whole-URL escaping leaves alone.
function current(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : "/";
  return (path || "/").split("/").map(decodeURIComponent).join("/");
}

export function href(route: string): string {
  return BASE + route.split("/").map(encodeURIComponent).join("/");
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
