// The service's version, from package.json (the add-on's config.yaml carries the same one).
import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../core/package-root.js";

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string };
  return pkg.version;
}
