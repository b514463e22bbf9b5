#!/usr/bin/env bash
# The project's test command (`npm test`, run by .ci/run): build, lint, type-check the tests,
# then run the whole vitest suite. Long physics runs are not here: they live in bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh
echo "== build";            npx tsc -b
echo "== lint";             npx eslint . && npx prettier --check . >/dev/null && echo "eslint + prettier: clean"
echo "== type-check tests"; npx tsc -p tsconfig.test.json
echo "== tests"
mkdir -p .vitest
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.vitest/results.json || status=$?
# A plain closing line that any CI log reader understands.
node -e '
  const r = require("./.vitest/results.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit $status
