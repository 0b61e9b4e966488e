// Validates Kubernetes manifests (multi-document YAML, from the files given or stdin) against the Kubernetes
// API schemas, the way a strict kubeconform would, with no cluster:
//  1. each object against the JSON schema of its apiVersion/kind (kubernetes-models, generated from the
//     Kubernetes OpenAPI document): types, formats, enums, required fields;
//  2. unknown fields, which those schemas let through, by type-checking every object as an object literal of the
//     kind's generated TypeScript interface (excess-property checks).
// Prints one line per problem and exits 1 if there is any; an unknown apiVersion/kind is a problem too.
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const text = process.argv.length > 2 ? process.argv.slice(2).map(f => readFileSync(f, "utf8")).join("\n---\n") : readFileSync(0, "utf8");

/** The module that holds a kind's model: core "v1", a group "apps/v1", or the Prometheus Operator's CRDs. */
function modelModule(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const problems = [];
const objects = [];
for (const doc of parseAllDocuments(text)) {
  if (doc.errors.length > 0) { problems.push(...doc.errors.map(e => `YAML: ${e.message}`)); continue; }
  const obj = doc.toJS();
  if (obj === null || obj === undefined) continue;
  const where = `${obj.kind ?? "?"}/${obj.metadata?.name ?? "?"}`;
  if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") { problems.push(`${where}: apiVersion and kind are required`); continue; }
  const module = modelModule(obj.apiVersion, obj.kind);
  let Model;
  try { Model = (await import(module))[obj.kind]; } catch { Model = undefined; }
  if (!Model) { problems.push(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`); continue; }
  try { new Model(obj).validate(); } catch (e) { problems.push(`${where}: ${e.message}`); }
  objects.push({ where, module, kind: obj.kind, obj });
}

if (objects.length > 0) {
  const dir = mkdtempSync(join(here, ".check-"));
  try {
    const file = join(dir, "manifests.ts");
    const lines = objects.map((o, i) => `import type { I${o.kind} as T${i} } from "${o.module}";\nexport const m${i}: T${i} = ${JSON.stringify(o.obj)};`);
    writeFileSync(file, lines.join("\n") + "\n");
    const program = ts.createProgram([file], {
      noEmit: true, strict: true, skipLibCheck: true, types: [],
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    });
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      const owner = line >= 0 && d.file === program.getSourceFile(file) ? objects[Math.floor(line / 2)]?.where : "typescript";
      problems.push(`${owner}: ${message}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const p of problems) console.log(p);
console.log(`${objects.length} object(s) checked, ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
