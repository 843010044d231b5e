import { defineConfig } from "vitest/config";

export default defineConfig({
  // Node 20 has no native decorators: let vitest's esbuild lower class-form logics' @Logic().
  esbuild: { target: "es2022" },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // One real Kafka broker for the whole run (jars from `bash .ci/install-kafka.sh`).
    globalSetup: ["test/global-setup/kafka.ts"],
  },
});
