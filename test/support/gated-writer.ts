// A writer (Redis, Neo4j, HA's bus) started behind one instance's write gate in the two-instance
// tests, and its stop, which runs once however many cleanups call it.

export interface GatedWriterParts {
  presence: { start(): Promise<unknown>; stop(): Promise<unknown> };
  /** The presence's own MQTT connection. */
  connection: { close(): Promise<unknown> };
  writer: { start(): unknown; stop(): Promise<unknown> };
}

/**
 * Starts the writer, then the presence, whose decision opens or closes the writer's gate
 * (`beforeDeciding` runs between the two). The stop returned, also added to `cleanups`, stops the
 * presence first (so the other instance sees it go), then the writer, then closes the connection.
 */
export async function startGatedWriter(
  cleanups: (() => unknown)[],
  { presence, connection, writer }: GatedWriterParts,
  beforeDeciding: () => void = () => {},
): Promise<() => Promise<void>> {
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await presence.stop();
    await writer.stop();
    await connection.close();
  };
  cleanups.push(stop);
  writer.start();
  beforeDeciding();
  await presence.start();
  return stop;
}
