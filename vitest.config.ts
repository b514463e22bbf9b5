import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests run against the TypeScript sources; the CLI tests run the built binary (npm run build first).
export default defineConfig({
  resolve: {
    // subpaths first: an alias also matches as a prefix of a longer path
    alias: {
      '@ionsweep/shared/net': src('./shared/src/net.ts'),
      '@ionsweep/shared': src('./shared/src/index.ts'),
      '@ionsweep/node-agent/md': src('./node-agent/src/md/index.ts'),
      '@ionsweep/node-agent/lammps-engine': src('./node-agent/src/lammps-engine/index.ts'),
      '@ionsweep/node-agent': src('./node-agent/src/index.ts'),
      '@ionsweep/coordinator': src('./coordinator/src/index.ts'),
    },
  },
  test: {
    include: ['{shared,node-agent,coordinator}/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // two files at a time even on 2 cores (vitest's default there is one): most integration
    // tests wait on processes and sockets, so the suite takes ≈ 9 min instead of ≈ 14 (measured)
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
