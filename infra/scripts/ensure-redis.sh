#!/usr/bin/env bash
# Makes sure Redis answers on 127.0.0.1:6379 and prints a REDIS_URL on stdout. Starts an
# installed server; installs Debian's redis-server when it is absent.
set -euo pipefail
log() { echo "[ensure-redis] $*" >&2; }
PORT=${REDIS_PORT:-6379}

if ! command -v redis-server >/dev/null 2>&1; then
  log "Redis is not installed: installing Debian's redis-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq redis-server >&2
fi
if ! redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then
  log "starting redis-server on 127.0.0.1:$PORT"
  redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --save '' --appendonly no >&2
  for _ in $(seq 1 20); do
    redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG && break
    sleep 0.5
  done
fi
redis-cli -h 127.0.0.1 -p "$PORT" ping | grep -q PONG || { log "Redis did not answer"; exit 1; }
echo "redis://127.0.0.1:$PORT"
