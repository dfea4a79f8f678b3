#!/usr/bin/env bash
# Checks every brief.json of a whole-sample backfill (BTC and ETH, 2023-09-01 to 2025-08-31)
# against docs/brief.schema.json with check-jsonschema (PyPI), checks that the schema is what
# the model gives (scripts/brief-schema.py --check), and shows the validator refusing a brief
# with a planted error.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${MARKETBRIEF_BINARY:-.build/debug/marketbrief}
validator=${CHECK_JSONSCHEMA:-check-jsonschema}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 scripts/brief-schema.py --check
"$binary" backfill --out "$out" --from 2023-09-01 --to 2025-08-31 --asset BTC --asset ETH --quiet 2>/dev/null
briefs=("$out"/briefs/*/*/brief.json)
"$validator" --schemafile docs/brief.schema.json "${briefs[@]}"
echo "brief.schema.json: ${#briefs[@]} brief(s) of the sample valid"
python3 - "$out/briefs/BTC/2025-08-26/brief.json" "$out/planted.json" <<'PY'
import json, sys
brief = json.load(open(sys.argv[1]))
brief["findings"]["divergence"]["exchangeFlows"]["status"] = "late"
json.dump(brief, open(sys.argv[2], "w"))
PY
if "$validator" --schemafile docs/brief.schema.json "$out/planted.json" >/dev/null 2>&1; then
    echo "brief.schema.json: a brief with a planted unknown flow status passed"; exit 1
fi
echo "brief.schema.json: a brief with a planted unknown flow status is refused"
