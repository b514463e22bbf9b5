#!/usr/bin/env bash
# The paper's study on one machine (docs/results.md, "The paper's study"): runs the pending tasks
# of examples/sweeps/<sweep>.yaml in array mode, JOBS at a time, temperatures in the order given
# (so that a run cut short leaves whole series at the first temperatures), starting from the
# results committed in docs/results/<sweep>/array, then exports what is stored back there and
# collects it (partially, if tasks are missing) into docs/results/<sweep>/.
#
#   scripts/paper-study.sh paper-ns9 [--work DIR] [--jobs 2] [--order "2000 2500 1500"] [--collect-only]
#
# Stop it with Ctrl-C (SIGINT/SIGTERM reach the tasks, which checkpoint and exit 75); run it again
# to go on: stored tasks are skipped and interrupted ones resume from their checkpoints in DIR.
set -euo pipefail

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}
[ $# -ge 1 ] || usage
name=$1
shift
work=${TMPDIR:-/tmp}/ionsweep-study
jobs=2
order="2000 2500 1500"
collect_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --work) work=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --order) order=$2; shift 2 ;;
    --collect-only) collect_only=1; shift ;;
    *) echo "paper-study: unknown option '$1'" >&2; usage ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
sweep=$root/examples/sweeps/$name.yaml
[ -f "$sweep" ] || { echo "paper-study: no sweep file $sweep" >&2; exit 2; }
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "paper-study: --jobs must be a positive integer, got '$jobs'" >&2; exit 2; }
cli=(node "$root/coordinator/bin/ionsweep.js")
dir=$work/$name
export_dir=$root/docs/results/$name
mkdir -p "$dir/results" "$dir/logs"

# start from the committed results (never overwriting newer ones in DIR)
if [ -d "$export_dir/array/results" ]; then
  [ -f "$dir/sweep.json" ] || cp "$export_dir/array/sweep.json" "$dir/sweep.json"
  cp -n "$export_dir/array/results/"*.json "$dir/results/" 2>/dev/null || true
fi

if [ "$collect_only" = 0 ]; then
  "${cli[@]}" plan "$sweep" --out "$dir" --format json > "$dir/plan.json"
  python3 - "$dir/plan.json" "$order" > "$dir/order.txt" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
order = [float(t) for t in sys.argv[2].split()]
rank = lambda t: order.index(t) if t in order else len(order)
pending = [t for t in plan['tasks'] if t['state'] != 'stored']
# adaptive rounds first, then temperature, then replica: whole series at the first temperatures
pending.sort(key=lambda t: (t['round'], rank(t['temperature']), t['replica'], t['index']))
print('\n'.join(str(t['index']) for t in pending))
PY
  echo "paper-study: $(wc -l < "$dir/order.txt") tasks pending in $dir, $jobs at a time (logs in $dir/logs)"
  # shellcheck disable=SC2016
  xargs -P "$jobs" -I{} sh -c '"$@" > "$0/logs/task-{}.log" 2>&1; echo "$(date -u +%FT%TZ) task {} exit $?" >> "$0/logs/run.log"' \
    "$dir" "${cli[@]}" run "$sweep" --out "$dir" --task {} < "$dir/order.txt" || true
fi

# export the stored results (compact: no checkpoints, no artifacts) and collect them
mkdir -p "$export_dir/array/results"
cp "$dir/sweep.json" "$export_dir/array/sweep.json"
cp "$dir/results/"*.json "$export_dir/array/results/"
"${cli[@]}" collect "$sweep" --out "$dir" --partial || true
for f in results.json results.csv cost.json diffusivity.svg conductivity.svg activation.svg arrhenius.svg; do
  [ -f "$dir/$f" ] && cp "$dir/$f" "$export_dir/"
done
rm -rf "$export_dir/report" && cp -r "$dir/report" "$export_dir/report"
echo "paper-study: $(ls "$export_dir/array/results" | wc -l) results exported to $export_dir"
