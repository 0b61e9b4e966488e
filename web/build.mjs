// Builds the UI bundle into dist/ (hashed assets + index.html), or with --tests the test files into .test-build/.
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";

const here = import.meta.dirname;

async function buildUi() {
  const dist = join(here, "dist");
  rmSync(dist, { recursive: true, force: true });
  const result = await build({
    entryPoints: { app: join(here, "src/main.tsx") },
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    outdir: join(dist, "assets"),
    entryNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((p) => p.endsWith(".js"));
  const css = outputs.find((p) => p.endsWith(".css"));
  const html = readFileSync(join(here, "index.html"), "utf8")
    .replace("%APP_JS%", `/ui/assets/${js}`)
    .replace("%APP_CSS%", `/ui/assets/${css}`);
  writeFileSync(join(dist, "index.html"), html);
}

async function buildTests() {
  const out = join(here, ".test-build");
  rmSync(out, { recursive: true, force: true });
  const entryPoints = ["unit", "browser"].flatMap((suite) =>
    readdirSync(join(here, "tests", suite))
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => ({ in: join(here, "tests", suite, f), out: `${suite}/${f.replace(/\.ts$/, "")}` })),
  );
  await build({
    entryPoints,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: out,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
}

await (process.argv.includes("--tests") ? buildTests() : buildUi());
