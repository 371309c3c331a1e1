#!/usr/bin/env bash
# The one test command: makes sure a RabbitMQ broker answers, runs the whole suite, prints
# "N passed, N failed, N skipped" counted from the TRX results. Exits non-zero when any test
# failed or none ran.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"

# shellcheck source=tests/broker.sh
broker_who=tests/run.sh
. tests/broker.sh
use_test_broker
echo "tests/run.sh: broker $GPO_RABBITMQ_URI"
# The broker-restart and readiness specs stop and kill a RabbitMQ node of their own (never this one).
ensure_rabbitmq_package

# The dashboard screenshot spec (tests/GpoPipeline.Dashboard.Tests) drives Debian's chromium through Playwright;
# nothing is downloaded at run time. The Aspire dashboard itself is a NuGet PackageDownload restored with the CLI.
if ! command -v chromium >/dev/null 2>&1; then
  echo "tests/run.sh: installing chromium (apt) for the dashboard screenshot spec"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

set +e
# A test that hangs is killed after 10 minutes and reported as failed, so a hang cannot eat CI's time.
dotnet test GpoPipeline.sln --nologo --blame-hang-timeout 10m --blame-hang-dump-type none --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" 2>&1 | grep -v -E '^\s*(Passed|Skipped) .* \[(< )?[0-9.]+ m?s\]\s*$' 
status=${PIPESTATUS[0]}
set -e

count() { cat "$results"/*.trx 2>/dev/null | { grep -o "<UnitTestResult [^>]*outcome=\"$1\"" || true; } | wc -l; }
passed=$(count Passed)
failed=$(( $(count Failed) + $(count Error) + $(count Timeout) + $(count Aborted) ))
skipped=$(count NotExecuted)

if [ -n "$(ls "$results"/*.trx 2>/dev/null)" ]; then
  grep -h -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$results"/*.trx | sed -E 's/.*testName="([^"]*)".*/skipped: \1/' || true
fi
if [ "$failed" -gt 0 ]; then
  # Name each failed test with the first lines of its message next to the closing line, so a log read from its
  # tail says what failed without scrolling back through the console output.
  perl -0777 -ne 'while (/<UnitTestResult [^>]*?testName="([^"]*)"[^>]*?outcome="(?:Failed|Error|Timeout|Aborted)"[^>]*>(.*?)<\/UnitTestResult>/gs) {
      my ($name, $body) = ($1, $2); my ($msg) = $body =~ /<Message>(.*?)<\/Message>/s; $msg //= "(no message)";
      for ($name, $msg) { s/&quot;/"/g; s/&apos;/\x27/g; s/&lt;/</g; s/&gt;/>/g; s/&#xD;//g; s/&#xA;/\n/g; s/&amp;/&/g; }
      my @lines = grep { /\S/ } split /\n/, $msg; splice(@lines, 6) if @lines > 6;
      print "failed: $name\n", map { "    $_\n" } @lines; }' "$results"/*.trx || true
fi
if [ "$failed" -gt 0 ] && [ -n "$broker_dir" ] && ! amqp_answers; then
  echo "tests/run.sh: the broker no longer answers on localhost:5672" >&2
  broker_log >&2
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
