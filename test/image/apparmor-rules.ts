// Reads an AppArmor profile's file rules (with its includes and the system's tunables) to ask what they allow.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const APPARMOR_DIR = "/etc/apparmor.d";

export interface FileRule {
  glob: string;
  modes: string;
  pattern: RegExp;
}

/** The profile's allow rules for files (deny rules only take away, so an audit can ignore them). */
export function fileRules(profileFile: string): FileRule[] {
  const variables = tunables();
  const rules: FileRule[] = [];
  const seen = new Set<string>();
  const read = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file)) read(path.join(file, entry));
      return;
    }
    for (const raw of readFileSync(file, "utf8").split("\n")) {
      const line = raw.replace(/(^|\s)#(?!include).*$/, "").trim();
      const include = /^#?include(?:\s+if\s+exists)?\s+<([^>]+)>/.exec(line);
      if (include) {
        if (!include[1].startsWith("tunables/")) read(path.join(APPARMOR_DIR, include[1]));
        continue;
      }
      const rule = /^(?:audit\s+)?(?:owner\s+)?((?:\/|@\{)\S*)\s+([rwaklmixuUpPcC]+)\s*(?:->\s*\S+\s*)?,$/.exec(line);
      if (!rule || line.startsWith("deny")) continue;
      // Alternatives written out, so that "@{etc_ro}/x" -> "/etc//x" collapses as AppArmor does.
      for (const glob of braces(expand(rule[1], variables))) {
        const clean = glob.replace(/\/{2,}/g, "/");
        rules.push({ glob: clean, modes: rule[2], pattern: globToRegExp(clean) });
      }
    }
  };
  read(profileFile);
  return rules;
}

/** Whether some rule grants `mode` (r, w, k, l or x) on the resolved path (directories end in "/"). */
export function allows(rules: FileRule[], file: string, mode: "r" | "w" | "k" | "l" | "x"): boolean {
  return rules.some((r) => r.pattern.test(file) && grants(r.modes, mode));
}

function grants(modes: string, mode: string): boolean {
  if (mode === "x") return /[ixpPuUcC]x|[ix]/.test(modes);
  if (mode === "w") return modes.includes("w") || modes.includes("a");
  return modes.includes(mode);
}

function tunables(): Map<string, string[]> {
  const variables = new Map<string, string[]>();
  const dir = path.join(APPARMOR_DIR, "tunables");
  const files = existsSync(dir) ? walk(dir) : [];
  for (const file of files) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const m = /^\s*@\{(\w+)\}\s*(\+?=)\s*(.*)$/.exec(line.replace(/#.*$/, ""));
      if (!m) continue;
      const values = m[3]
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((v) => v.replace(/^"|"$/g, ""));
      variables.set(m[1], m[2] === "+=" ? [...(variables.get(m[1]) ?? []), ...values] : values);
    }
  }
  return variables;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = path.join(dir, entry);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function expand(glob: string, variables: Map<string, string[]>, depth = 0): string {
  if (depth > 10) throw new Error(`AppArmor variables nest too deep in ${glob}`);
  const out = glob.replace(/@\{(\w+)\}/g, (_, name: string) => {
    const values = variables.get(name);
    if (!values) throw new Error(`unknown AppArmor variable @{${name}}`);
    const expanded = values.map((v) => expand(v, variables, depth + 1));
    return expanded.length === 1 ? expanded[0] : `{${expanded.join(",")}}`;
  });
  return out;
}

/** "a{b,c{d,e}}" -> ["ab", "acd", "ace"]. */
function braces(glob: string): string[] {
  const start = glob.indexOf("{");
  if (start < 0) return [glob];
  let depth = 0;
  const parts: string[] = [];
  let from = start + 1;
  for (let i = start; i < glob.length; i++) {
    if (glob[i] === "{") depth++;
    else if (glob[i] === "}" && --depth === 0) {
      parts.push(glob.slice(from, i));
      const rest = glob.slice(i + 1);
      return parts.flatMap((part) => braces(glob.slice(0, start) + part + rest));
    } else if (glob[i] === "," && depth === 1) {
      parts.push(glob.slice(from, i));
      from = i + 1;
    }
  }
  throw new Error(`unbalanced braces in ${glob}`);
}

/** AppArmor globbing: ** any characters, * and ? within one path element, {a,b} alternatives, [..] sets. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      re += "(?:";
      depth++;
    } else if (c === "}" && depth > 0) {
      re += ")";
      depth--;
    } else if (c === "," && depth > 0) re += "|";
    else if (c === "[") {
      const end = glob.indexOf("]", i);
      re += glob.slice(i, end + 1);
      i = end;
    } else re += c.replace(/[.+^$()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re.replace(/\/(\\\/|\/)+/g, "/")}$`);
}
