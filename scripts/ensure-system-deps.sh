#!/usr/bin/env bash
# Installs the system programs the test suites drive for real (not mocks). On Debian as root they
# are installed with apt-get; elsewhere we say exactly what is missing and stop.
set -euo pipefail

# program -> Debian package
declare -A NEEDED=()
NEEDED[lmp]=lammps          # LAMMPS cross-checks of forces and NVE drift
NEEDED[nats-server]=nats-server   # JetStream work queue and checkpoint store tests
NEEDED[chromium]=chromium         # renders the HTML report in a test
NEEDED[prometheus]=prometheus     # scrapes coordinator and agent; evaluates the dashboard and alert queries
NEEDED[promtool]=prometheus       # checks the shipped Prometheus config and rules
NEEDED[slurmctld]=slurm-wlm       # a one-node Slurm that array mode's sbatch script is submitted to
NEEDED[munged]=munge              # Slurm's authentication

# Python module (of Debian's /usr/bin/python3) -> Debian package
declare -A MODULES=()
MODULES[ase]=python3-ase          # reads the tasks' artifacts (extxyz, LAMMPS data and dump) as ASE/OVITO users do

missing=()
pkgs=()
for prog in "${!NEEDED[@]}"; do
  command -v "$prog" >/dev/null 2>&1 || { missing+=("$prog"); pkgs+=("${NEEDED[$prog]}"); }
done
for mod in "${!MODULES[@]}"; do
  /usr/bin/python3 -c "import $mod" >/dev/null 2>&1 || { missing+=("python3 module $mod"); pkgs+=("${MODULES[$mod]}"); }
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing ${pkgs[*]} (needed by the tests: ${missing[*]})"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
else
  echo "The tests need these programs, which are not installed: ${missing[*]}" >&2
  echo "Install them (Debian/Ubuntu: apt-get install ${pkgs[*]}) and run the tests again." >&2
  exit 1
fi
