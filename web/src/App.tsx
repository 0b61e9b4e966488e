import { useEffect, useRef } from "preact/hooks";
import { Link } from "./components/Link";
import { navigate, useRoute } from "./router";
import { EnsembleView } from "./views/EnsembleView";
import { ServiceDetail } from "./views/ServiceDetail";
import { ServicesView } from "./views/ServicesView";
import { SessionsView } from "./views/SessionsView";
import { TreeView } from "./views/TreeView";

const SECTIONS = [
  { to: "/services", label: "Services" },
  { to: "/tree/", label: "Tree" },
  { to: "/sessions", label: "Sessions" },
  { to: "/ensemble", label: "Ensemble" },
] as const;

function view(route: string) {
  const [, section = "", ...rest] = route.split("/");
  const tail = rest.join("/");
  switch (section) {
    case "services":
      return tail ? <ServiceDetail name={tail} /> : <ServicesView />;
    case "tree":
      return <TreeView path={"/" + rest.filter(Boolean).join("/")} />;
    case "sessions":
      return <SessionsView selected={tail || null} />;
    case "ensemble":
      return <EnsembleView />;
    default:
      return null;
  }
}

export function App() {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const section = route.split("/")[1] ?? "";
  const first = useRef(true);

  useEffect(() => {
    if (!SECTIONS.some((s) => s.to.split("/")[1] === section)) navigate("/services", true);
  }, [section]);

  // After an in-app navigation, focus the new page's heading so screen readers announce it.
  useEffect(() => {
    const label = SECTIONS.find((s) => s.to.split("/")[1] === section)?.label;
    document.title = label ? `${label} · Registry` : "Registry";
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [route]);

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Registry</span>
        <nav aria-label="Main">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.to}>
                <Link to={s.to} current={s.to.split("/")[1] === section}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {view(route)}
      </main>
    </>
  );
}
