import { defineConfig } from "vitest/config";

// Tests start real brokers and browsers; give them room on a 2-core machine and never retry:
// a flaky test is a defect to fix, not to hide.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ["default"],
  },
});
