#!/bin/sh
# Starts RabbitMQ, then creates the per-service users (rabbitmq/users.sh) once the node runs. The broker stays the
# container's main process: SIGTERM stops it cleanly.
set -eu
rabbitmq-server &
server=$!
trap 'rabbitmqctl stop; wait "$server"' TERM INT
rabbitmqctl wait --pid "$server" --timeout 120
sh /etc/rabbitmq/users.sh
touch /tmp/users-ready
wait "$server"
