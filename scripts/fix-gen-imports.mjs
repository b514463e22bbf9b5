// proto-loader-gen-types writes extensionless relative imports; Node's ESM resolution (and
// TypeScript's NodeNext) needs the `.js` extension. Rewrites them in place.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) {
      const text = readFileSync(p, 'utf8');
      writeFileSync(p, text.replace(/(from '\.{1,2}\/[^']*?)(?<!\.js)';/g, "$1.js';"));
    }
  }
}
walk(process.argv[2]);
