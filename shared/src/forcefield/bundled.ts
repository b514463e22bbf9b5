import { fileURLToPath } from 'node:url';

/** Path of the force field shipped with ionsweep (examples/forcefields/ns-ss-2026.yaml: ns-buck-2026 with S–S bonds). */
export function bundledForceFieldPath(): string {
  // shared/src/forcefield and shared/dist/forcefield are both three levels below the repo root.
  return fileURLToPath(new URL('../../../examples/forcefields/ns-ss-2026.yaml', import.meta.url));
}
