#!/usr/bin/env bash
# Builds the Temporal dev server launcher (see README.md here) to bin/temporal-dev.
# Needs Go >= 1.26.4 and the Go module proxy (or a filled module cache). The module and build
# caches make a second build take seconds; the first one compiles the whole Temporal server.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: go is not on PATH (Go >= 1.26.4 is needed: https://go.dev/dl/)" >&2
  exit 2
fi
mkdir -p bin
# -mod=readonly: go.mod and go.sum pin every module; a build never changes them.
# -trimpath -s -w: a reproducible, smaller binary (no local paths, no debug symbols).
GOFLAGS="-mod=readonly -buildvcs=false" go build -trimpath -ldflags "-s -w" -o bin/temporal-dev.tmp .
mv bin/temporal-dev.tmp bin/temporal-dev
echo "built $(pwd)/bin/temporal-dev: $(bin/temporal-dev --version)"
