#!/usr/bin/env sh
# Downloads one machine's utilization per day and shift as CSV.
# Usage: SPINDLE_URL=https://spindle.plant.example [SPINDLE_KEY=...] ./download.sh MACHINE FROM TO
set -eu
if [ $# -ne 3 ]; then
  echo "usage: SPINDLE_URL=https://spindle.plant.example [SPINDLE_KEY=...] $0 MACHINE FROM TO   (days YYYY-MM-DD)" >&2
  exit 2
fi
machine=$1 from=$2 to=$3
out="utilization-$machine-$from-$to.csv"
# --fail-with-body: on a 4xx/5xx the API's problem+json, which names what is wrong, is kept.
if ! curl -sS --fail-with-body "${SPINDLE_URL:?set SPINDLE_URL to the Spindle server}/api/v1/machines/$machine/utilization.csv?from=$from&to=$to&by=shift" \
  ${SPINDLE_KEY:+-H "X-API-Key: $SPINDLE_KEY"} -o "$out"; then
  echo "download.sh: the server refused: $(cat "$out")" >&2
  rm -f "$out"
  exit 1
fi
# A header and nothing else: the range holds no processed day of this machine. Said, not a silent empty file.
if [ "$(wc -l < "$out")" -le 1 ]; then
  echo "download.sh: no data for machine $machine from $from to $to: $SPINDLE_URL/api/v1/status names each machine's first and last processed day" >&2
  rm -f "$out"
  exit 3
fi
echo "$out"
