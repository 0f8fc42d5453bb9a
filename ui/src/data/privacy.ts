// Forgetting an entity on request (administrators only): the server checks the typed confirmation again.
import { postJson } from "./api-client.js";

export interface ForgetReport {
  subject: string;
  l1Events: number;
  archive: { days: number; rows: number };
  aggregates: Record<string, number>;
  catalog: { patterns: number; anomalies: number; feedback: number; auditEntries: number };
  engines: { name: string; ok: boolean; detail: string }[];
}

export function forgetEntity(entityId: string, confirm: string): Promise<ForgetReport> {
  return postJson<ForgetReport>("api/privacy/forget", { kind: "entity", id: entityId, confirm });
}
