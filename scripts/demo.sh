#!/usr/bin/env bash
# The main job (`npm run demo`). Until the sweep runner lands it reproduces the paper's Fig. 1 with
# the analytic model: writes out/fig1.svg and out/fig1.csv and prints the thresholds.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
npx ionsweep rigidity --x 0:0.333:0.0025 --m 2,3,4 --format csv --plot out/fig1.svg > out/fig1.csv
echo "wrote out/fig1.csv ($(($(wc -l < out/fig1.csv) - 1)) points)"
echo
echo "At the thresholds and the paper's x = 0.20 comparison:"
npx ionsweep rigidity --x 0.1,0.2 --m 2,3,3.1111111,4
