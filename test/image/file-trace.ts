// Reads strace's record of a container (scripts/image/run-container.sh TRACE_FILE): what it opened, wrote and ran.
import { readFileSync } from "node:fs";
import path from "node:path";

export interface FileAccess {
  /** As the program named it, made absolute against the image's working directory. */
  file: string;
  /** r read, w write (create, truncate, remove, rename), x run, l hard link (the new name). */
  mode: "r" | "w" | "x" | "l";
  call: string;
}

/**
 * The successful file calls made inside the container from the exec of its entrypoint on (before
 * it, run-container.sh is still preparing mounts and the root, as Docker's runtime would).
 */
export function fileAccesses(traceFile: string, workdir: string, entrypoint: string): FileAccess[] {
  const pending = new Map<string, string>();
  const lines: string[] = [];
  for (const raw of readFileSync(traceFile, "utf8").split("\n")) {
    const m = /^(\d+)\s+(.*)$/.exec(raw);
    if (!m) continue;
    const [, pid, rest] = m;
    if (rest.endsWith("<unfinished ...>")) {
      pending.set(pid, rest.slice(0, -"<unfinished ...>".length));
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(rest);
    if (resumed) {
      lines.push(`${pending.get(pid) ?? ""}${resumed[1]}`);
      pending.delete(pid);
      continue;
    }
    lines.push(rest);
  }
  const chroot = lines.findIndex((l) => /^chroot\(.*\)\s*=\s*0$/.test(l));
  const start = lines.findIndex((l, i) => i > chroot && l.startsWith(`execve("${entrypoint}",`) && / = 0$/.test(l));
  if (chroot < 0 || start < 0) throw new Error(`no exec of ${entrypoint} inside the image in ${traceFile}`);
  const accesses: FileAccess[] = [];
  const absolute = (p: string) => (p.startsWith("/") ? p : path.posix.join(workdir, p));
  for (const line of lines.slice(start)) {
    const call = /^(\w+)\((.*)\)\s*=\s*(-?\d+)/.exec(line);
    if (!call || Number(call[3]) < 0) continue;
    const [, name, args] = call;
    const strings = [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((s) => s[1]);
    if (strings.length === 0) continue;
    if (name === "execve") {
      accesses.push({ file: absolute(strings[0]), mode: "x", call: name });
    } else if (name === "open" || name === "openat") {
      const flags = args.slice(args.lastIndexOf('"') + 1);
      const writes = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/.test(flags);
      accesses.push({ file: absolute(strings[0]), mode: writes ? "w" : "r", call: name });
    } else if (name === "link" || name === "linkat") {
      // AppArmor asks for l on the link's new name; the file linked to is only looked up.
      accesses.push({ file: absolute(strings[strings.length - 1]), mode: "l", call: name });
    } else {
      for (const s of strings) accesses.push({ file: absolute(s), mode: "w", call: name });
    }
  }
  return accesses;
}
