import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup-env.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The notebook and browser tests start Jupyter kernels and Chromium, which a
    // two-core machine runs more reliably one file at a time.
    fileParallelism: false,
  },
});
