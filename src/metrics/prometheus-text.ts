// Prometheus' text exposition format (0.0.4): metric families in, one scrape body out.

export type MetricType = "counter" | "gauge" | "histogram";

export interface Sample {
  /** Suffix after the family name: "" for counters and gauges, "_bucket", "_sum" or "_count" for histograms. */
  suffix?: string;
  labels?: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Renders families in the order given; a bad metric or label name is a programming error and throws. */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) throw new Error(`invalid metric name: ${f.name}`);
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    out.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) out.push(`${f.name}${s.suffix ?? ""}${renderLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return `${out.join("\n")}\n`;
}

function renderLabels(labels: Record<string, string> | undefined): string {
  if (!labels) return "";
  const parts = Object.entries(labels).map(([k, v]) => {
    if (!LABEL.test(k)) throw new Error(`invalid label name: ${k}`);
    return `${k}="${escapeLabel(v)}"`;
  });
  return parts.length > 0 ? `{${parts.join(",")}}` : "";
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

/** A cumulative histogram of seconds (or any unit) with fixed upper bounds. */
export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.bounds.length; i++) if (value <= this.bounds[i]!) this.counts[i]!++;
  }

  /** The samples of one labelled series of the family. */
  samples(labels: Record<string, string> = {}): Sample[] {
    const out: Sample[] = this.bounds.map((le, i) => ({
      suffix: "_bucket",
      labels: { ...labels, le: String(le) },
      value: this.counts[i]!,
    }));
    out.push({ suffix: "_bucket", labels: { ...labels, le: "+Inf" }, value: this.count });
    out.push({ suffix: "_sum", labels, value: this.sum });
    out.push({ suffix: "_count", labels, value: this.count });
    return out;
  }
}
