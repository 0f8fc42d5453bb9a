// Remembers a WindowReader's answers: the reference path recomputes every window from raw events.
import type { AggregateKind, PeriodKind, WindowReader } from "../../../src/layers/aggregate-kind.js";

export class MemoWindowReader implements WindowReader {
  private readonly answers = new Map<string, unknown>();

  constructor(private readonly inner: WindowReader) {}

  merged<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, V> {
    return this.remember(`merged|${kind.name}|${from}|${to}`, () => this.inner.merged(kind, from, to));
  }

  byDay<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    return this.remember(`byDay|${kind.name}|${from}|${to}`, () => this.inner.byDay(kind, from, to));
  }

  byPeriod<V>(kind: PeriodKind<V>, from: string, to: string): Map<string, Map<string, V>> {
    return this.remember(`byPeriod|${kind.name}|${from}|${to}`, () => this.inner.byPeriod(kind, from, to));
  }

  rolledUpDays(from: string, to: string): string[] {
    return this.remember(`rolled|${from}|${to}`, () => this.inner.rolledUpDays(from, to));
  }

  coveredDays(from: string, to: string): string[] {
    return this.remember(`covered|${from}|${to}`, () => this.inner.coveredDays(from, to));
  }

  private remember<T>(key: string, compute: () => T): T {
    if (!this.answers.has(key)) this.answers.set(key, compute());
    return this.answers.get(key) as T;
  }
}
