#!/usr/bin/env bash
# The main job (`npm run demo`): an embedded MD sweep of NS9 across the rigidity threshold
# (examples/sweeps/quick.yaml: 5 compositions × 2 temperatures × 2 replicas, 600 atoms, ≈ 5 min
# on 2 cores, no servers), then the analytic model's Fig. 1. Results go to results/.
set -euo pipefail
cd "$(dirname "$0")/.."
npx ionsweep run examples/sweeps/quick.yaml --out results/quick
npx ionsweep rigidity --x 0:0.333:0.0025 --m 2,3,4 --format csv --plot results/fig1.svg > results/fig1.csv
echo
echo "results/quick/results.json, results.csv, diffusivity.svg, conductivity.svg, activation.svg"
echo "results/fig1.svg (the rigidity model, Fig. 1 analogue)"
npx ionsweep report results/quick --out results/quick/report
echo "results/quick/report/index.html (self-contained HTML report)"
npx ionsweep rigidity --x 0.1 --m 2,3.1111111,4 --format table
