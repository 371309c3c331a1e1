#!/usr/bin/env bash
# Performance evidence (not a test): builds Release, makes sure RabbitMQ answers, runs the end-to-end
# scenarios P1–P5, P7, P8 and the BenchmarkDotNet micro-benchmarks (P6), and writes tests/BENCHMARKS-latest.md
# with the chart tests/bench-results/results.png.
# tests/BENCHMARKS.md holds the table reported for the issue, with the machine and date.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(pwd)/tests/bench-results
mkdir -p "$out"

# shellcheck source=tests/broker.sh
broker_who=tests/bench.sh
. tests/broker.sh
use_test_broker

dotnet build GpoPipeline.sln -c Release --nologo -v q
bench=tests/GpoPipeline.Benchmarks/bin/Release/net10.0/linux-x64/GpoPipeline.Benchmarks.dll
dotnet "$bench" scenarios --out "$out" "$@"
dotnet "$bench" --job short --filter '*' --artifacts "$out/micro" >/dev/null
{
  echo "# Benchmarks (latest run)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); $(date -u +%Y-%m-%d)."
  echo
  cat "$out/results.md"
  echo
  echo "![attainment of each target](bench-results/results.png)"
  echo
  echo "## P6 — library hot paths (BenchmarkDotNet, --job short)"
  echo
  cat "$out"/micro/results/*-report-github.md
} > tests/BENCHMARKS-latest.md
echo "wrote tests/BENCHMARKS-latest.md"
