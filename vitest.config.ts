import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests run against the TypeScript sources; the CLI tests run the built binary (npm run build first).
export default defineConfig({
  resolve: {
    alias: {
      '@ionsweep/shared': src('./shared/src/index.ts'),
      '@ionsweep/node-agent': src('./node-agent/src/index.ts'),
      '@ionsweep/coordinator': src('./coordinator/src/index.ts'),
    },
  },
  test: {
    include: ['{shared,node-agent,coordinator}/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
