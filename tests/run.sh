#!/usr/bin/env bash
# The one test command: makes sure a RabbitMQ broker answers, runs the whole suite, prints
# "N passed, N failed, N skipped" counted from the TRX results. Exits non-zero when any test
# failed or none ran.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"

started_broker=""
stop_broker() {
  if [ -n "$started_broker" ]; then
    echo "tests/run.sh: stopping the RabbitMQ broker it started"
    rabbitmqctl shutdown >/dev/null 2>&1 || true
    started_broker=""
  fi
}
trap stop_broker EXIT
trap 'stop_broker; exit 130' INT TERM

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ -z "${GPO_RABBITMQ_URI:-}" ]; then
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    echo "tests/run.sh: installing rabbitmq-server (apt)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq rabbitmq-server >/dev/null
  fi
  if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    echo "tests/run.sh: using the RabbitMQ broker already running on this machine"
  else
    echo "tests/run.sh: starting rabbitmq-server"
    as_root rabbitmq-server -detached >/dev/null 2>&1 || true
    started_broker=yes
    for _ in $(seq 1 90); do
      if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then break; fi
      sleep 1
    done
    rabbitmq-diagnostics -q ping >/dev/null 2>&1 || { echo "tests/run.sh: RabbitMQ did not start within 90 s" >&2; exit 1; }
  fi
  export GPO_RABBITMQ_URI="amqp://guest:guest@localhost:5672/"
fi
echo "tests/run.sh: broker $GPO_RABBITMQ_URI"

set +e
dotnet test GpoPipeline.sln --nologo --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" 2>&1 | grep -v -E '^\s*(Passed|Skipped) .* \[[0-9.]+ m?s\]\s*$' 
status=${PIPESTATUS[0]}
set -e

count() { cat "$results"/*.trx 2>/dev/null | { grep -o "<UnitTestResult [^>]*outcome=\"$1\"" || true; } | wc -l; }
passed=$(count Passed)
failed=$(( $(count Failed) + $(count Error) + $(count Timeout) + $(count Aborted) ))
skipped=$(count NotExecuted)

if [ -n "$(ls "$results"/*.trx 2>/dev/null)" ]; then
  grep -h -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$results"/*.trx | sed -E 's/.*testName="([^"]*)".*/skipped: \1/' || true
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
