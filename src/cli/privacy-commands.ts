// `home-patterns forget --entity <id> | --person <user id> --yes` and `home-patterns export --entity <id> [--out <file>]`.
import { writeFile } from "node:fs/promises";
import type { Config } from "../config/config.js";
import { InputError } from "../core/errors.js";
import { counted } from "../core/plural.js";
import { L3_KINDS } from "../layers/kinds/index.js";
import { type ForgetSubject, forgetSubject } from "../privacy/forget-subject.js";
import { createPrivacy, type Privacy } from "../privacy/privacy-services.js";
import { SqliteAuditLog } from "../storage/sqlite/sqlite-audit-log.js";
import type { CommandContext, OfflineCommand } from "./commands.js";
import type { ParsedArgs } from "./parse-args.js";
import { withCommandLayers } from "./rollup-command.js";

function subjectOf(args: ParsedArgs): ForgetSubject {
  const entity = args.flags.entity;
  const person = args.flags.person;
  if (typeof entity === "string" && person === undefined) return forgetSubject("entity", entity);
  if (typeof person === "string" && entity === undefined) return forgetSubject("person", person);
  throw new InputError("say whom or what: --entity <entity id> or --person <Home Assistant user id>");
}

async function withPrivacy<T>(
  config: Config,
  ctx: Required<CommandContext>,
  fn: (privacy: Privacy) => Promise<T>,
): Promise<T> {
  return withCommandLayers(config, ctx, (layers, { stores }) =>
    fn(
      createPrivacy({
        stores,
        layers,
        periodKinds: L3_KINDS.map((k) => k.name),
        options: config.options,
        audit: new SqliteAuditLog(stores.db),
        clock: ctx.clock,
      }),
    ),
  );
}

/** What is wrong with forget's arguments (no subject, or no --yes), or undefined. */
function forgetProblem(args: ParsedArgs): string | undefined {
  let subject: ForgetSubject;
  try {
    subject = subjectOf(args);
  } catch (err) {
    return (err as Error).message;
  }
  if (args.flags.yes === true) return undefined;
  return (
    `this removes every event, aggregate, pattern and anomaly naming ${subject.id} for good, ` +
    "also from Redis, InfluxDB and Neo4j when set; stop the service first and run again with --yes"
  );
}

export const forgetOfflineCommand: OfflineCommand = {
  valued: ["entity", "person"],
  switches: ["yes"],
  writes: true,
  check: forgetProblem,
  async run(args, config, ctx) {
    const problem = forgetProblem(args);
    if (problem) {
      ctx.err(problem);
      return 2;
    }
    const subject = subjectOf(args);
    return withPrivacy(config, ctx, async (privacy) => {
      const r = await privacy.forget(subject, { actorId: null, actorName: "command line", via: "local" });
      const aggregateRows = Object.values(r.aggregates).reduce((a, b) => a + b, 0);
      ctx.out(
        `forgot ${subject.kind} ${subject.id}: ${counted(r.l1Events, "raw event")}, ${counted(r.archive.rows, "archived event")} in ` +
          `${counted(r.archive.days, "file")}, ${counted(aggregateRows, "aggregate row")}, ${counted(r.catalog.patterns, "pattern")}, ` +
          `${counted(r.catalog.anomalies, "anomaly", "anomalies")}, ${counted(r.catalog.auditEntries, "feedback and audit entry", "feedback and audit entries")}` +
          (r.catalog.automationRunDays > 0
            ? `, ${counted(r.catalog.automationRunDays, "day")} of automation runs`
            : ""),
      );
      for (const e of r.engines) ctx.out(`  ${e.name}: ${e.ok ? e.detail : `failed: ${e.detail}`}`);
      return r.engines.every((e) => e.ok) ? 0 : 1;
    });
  },
};

export const exportOfflineCommand: OfflineCommand = {
  valued: ["entity", "person", "out"],
  switches: [],
  async run(args, config, ctx) {
    let subject: ForgetSubject;
    try {
      subject = subjectOf(args);
    } catch (err) {
      ctx.err((err as Error).message);
      return 2;
    }
    return withPrivacy(config, ctx, async (privacy) => {
      const json = `${JSON.stringify(await privacy.export(subject), null, 2)}\n`;
      if (typeof args.flags.out === "string") {
        await writeFile(args.flags.out, json);
        ctx.err(`wrote what is stored about ${subject.id} to ${args.flags.out}`);
      } else ctx.out(json.trimEnd());
      return 0;
    });
  },
};
