// The image check's own vitest run: only scripts/check-image.sh starts it, inside its network namespace.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, "../.."),
    include: ["test/image/**/*.check.ts"],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: "forks",
    reporters: ["default"],
  },
});
