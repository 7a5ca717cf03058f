#!/usr/bin/env sh
# Downloads one machine's utilization per day and shift as CSV.
# Usage: SPINDLE_URL=https://spindle.plant.example [SPINDLE_KEY=...] ./download.sh MACHINE FROM TO
set -eu
machine=$1 from=$2 to=$3
out="utilization-$machine-$from-$to.csv"
curl -fsS "${SPINDLE_URL:?set SPINDLE_URL}/api/v1/machines/$machine/utilization?from=$from&to=$to&by=shift&format=csv" \
  ${SPINDLE_KEY:+-H "X-API-Key: $SPINDLE_KEY"} -o "$out"
echo "$out"
