// Builds the ingress panel: ui/src/index.ts bundled by esbuild into ui/dist with a hashed name, index.html and a .gz copy.

import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ui = path.join(root, "ui");
// `--out <dir>` builds elsewhere (the end-to-end tests build their own copy); default ui/dist.
const outAt = process.argv.indexOf("--out");
const dist = outAt > 0 ? path.resolve(process.argv[outAt + 1]) : path.join(ui, "dist");

// A clean folder each time: old hashed bundles would otherwise pile up in the image.
rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, "assets"), { recursive: true });

const result = await build({
  entryPoints: [path.join(ui, "src", "index.ts")],
  outdir: path.join(dist, "assets"),
  entryNames: "[name]-[hash]",
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  tsconfig: path.join(ui, "tsconfig.json"),
  metafile: true,
  logLevel: "warning",
});

const bundle = Object.keys(result.metafile.outputs).find((f) => f.endsWith(".js"));
if (!bundle) throw new Error("esbuild produced no JavaScript bundle");
const bundleFile = path.join(root, bundle);
const relative = path.relative(dist, bundleFile).split(path.sep).join("/");

// Every URL relative: the panel is served at / standalone and under /api/hassio_ingress/<token>/.
const html = readFileSync(path.join(ui, "index.html"), "utf8").replace("%BUNDLE%", relative);
writeFileSync(path.join(dist, "index.html"), html);
copyFileSync(path.join(ui, "favicon.svg"), path.join(dist, "favicon.svg"));

const raw = readFileSync(bundleFile);
const gz = gzipSync(raw, { level: 9 });
writeFileSync(`${bundleFile}.gz`, gz);

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const shown = bundleFile.startsWith(root + path.sep) ? path.relative(root, bundleFile) : bundleFile;
console.log(`${shown}: ${kb(statSync(bundleFile).size)} raw, ${kb(gz.length)} gzip`);
