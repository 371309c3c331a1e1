# Sourced by tests/run.sh and tests/bench.sh: use_test_broker makes sure a RabbitMQ broker answers, exports
# GPO_RABBITMQ_URI, and stops the broker it started when the script exits.
broker_who=${broker_who:-$(basename "$0")}
# The broker this script starts is its own: a private node (own name, data, logs and cookie in a temp
# folder, AMQP on port 5672), so no state left by an earlier broker can stop it from booting.
broker_dir=""
broker_node="gpo-tests-$$@localhost"
broker() {
  HOME="$broker_dir" RABBITMQ_NODENAME="$broker_node" RABBITMQ_CONF_ENV_FILE=/dev/null \
  RABBITMQ_MNESIA_BASE="$broker_dir/mnesia" RABBITMQ_LOG_BASE="$broker_dir/log" \
  RABBITMQ_PID_FILE="$broker_dir/broker.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$broker_dir/enabled_plugins" \
  RABBITMQ_NODE_PORT=5672 RABBITMQ_DIST_PORT=25672 \
    "$@" </dev/null
}
amqp_answers() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
amqp_answers_within() {
  local _
  for _ in $(seq 1 "$1"); do amqp_answers && return 0; sleep 1; done
  amqp_answers
}
broker_log() {
  [ -n "$broker_dir" ] || return 0
  echo "${broker_who}: last lines of the broker's log ($broker_dir/log):"
  tail -n 40 "$broker_dir"/log/*.log "$broker_dir/start.out" 2>/dev/null || true
}
stop_broker() {
  [ -n "$broker_dir" ] || return 0
  echo "${broker_who}: stopping the RabbitMQ broker it started"
  broker timeout 60 /usr/lib/rabbitmq/bin/rabbitmqctl -n "$broker_node" shutdown >/dev/null 2>&1 || true
  local pid
  pid=$(cat "$broker_dir/broker.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "${broker_who}: the broker did not stop within 60 s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$broker_dir"
  broker_dir=""
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The RabbitMQ server package: for a broker of the script's own, and for the specs that start a private node to
# stop and kill (tests/GpoPipeline.Testing/PrivateRabbitMqNode.cs), even when another broker already answers.
ensure_rabbitmq_package() {
  [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || return 0
  echo "${broker_who}: installing rabbitmq-server (apt)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq rabbitmq-server >/dev/null
}

ensure_broker() {
  [ -z "${GPO_RABBITMQ_URI:-}" ] || return 0
  export GPO_RABBITMQ_URI="amqp://guest:guest@localhost:5672/"
  if amqp_answers; then
    echo "${broker_who}: using the RabbitMQ broker already listening on localhost:5672"
    return 0
  fi
  ensure_rabbitmq_package
  if amqp_answers; then
    echo "${broker_who}: using the RabbitMQ broker the package started on localhost:5672"
    return 0
  fi
  broker_dir=$(mktemp -d "${TMPDIR:-/tmp}/gpo-rabbitmq.XXXXXX")
  echo "${broker_who}: starting a RabbitMQ node of its own ($broker_node)"
  broker /usr/lib/rabbitmq/bin/rabbitmq-server -detached >"$broker_dir/start.out" 2>&1 || true
  if ! broker timeout 120 /usr/lib/rabbitmq/bin/rabbitmqctl -n "$broker_node" wait "$broker_dir/broker.pid" \
         --timeout 110 >/dev/null 2>&1 || ! amqp_answers_within 15; then
    echo "${broker_who}: RabbitMQ did not start within 120 s" >&2
    broker_log >&2
    return 1
  fi
}

# What run.sh and bench.sh call: a broker for this script, stopped when it exits or is interrupted.
use_test_broker() {
  trap stop_broker EXIT
  trap 'stop_broker; exit 130' INT TERM
  ensure_broker
}
