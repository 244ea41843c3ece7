#!/usr/bin/env bash
# The test suite drives real clients: Debian's Chromium (console e2e) and the AWS CLI, and puts
# Debian's PgBouncer in front of Postgres (serverless mode). Install them when missing and we are
# allowed to (root with apt-get); otherwise say what is missing.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v aws >/dev/null 2>&1 || need+=(awscli)
[ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${need[*]} (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "missing test tools: ${need[*]}; install them (e.g. sudo apt-get install -y ${need[*]})" >&2
  exit 1
fi
