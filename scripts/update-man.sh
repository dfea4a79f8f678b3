#!/usr/bin/env bash
# Regenerates docs/man/marketbrief.1 from the command line's own help (swift-argument-parser's
# generate-manual plugin; it builds marketbrief in release mode first, about two minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
swift package --allow-writing-to-package-directory generate-manual
cp .build/plugins/GenerateManual/outputs/marketbrief/marketbrief.1 docs/man/marketbrief.1
echo "docs/man/marketbrief.1 updated; view it with: man ./docs/man/marketbrief.1"
