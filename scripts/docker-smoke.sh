#!/usr/bin/env bash
# Builds the Docker image on this machine and smoke-tests it: starts it (host network), waits for its
# HEALTHCHECK, makes a signed SDK call and a full runner cycle, restarts the container and finds the
# data still there, checks that no process in it runs as root and that `docker stop` ends it
# gracefully, then removes everything it made (and stops dockerd if it started it).
#
# No registry is reachable from Docker here, so nothing is pulled:
# - the base image is Debian bookworm from `debootstrap --variant=minbase` (with tini and
#   ca-certificates) plus this machine's `node` binary (package.json's engines need 20.19+; Debian's
#   nodejs is 18), imported with `docker import`; its tarball is cached in .cache/docker/;
# - the app is built outside Docker (npm install, next build, scripts/bundle-server.mjs, a pruned
#   copy of node_modules) and that folder is the build context of the Dockerfile's `app-prebuilt`
#   stage. Users with a registry run the same Dockerfile's default path (`docker build .`).
#
# Needs root (dockerd, debootstrap), docker.io and debootstrap (installed with apt-get if missing).
# DOCKER_SMOKE_SKIP_BUILD=1 reuses an existing `npm run build` (CI has just built for the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
cache=$repo/.cache/docker
mkdir -p "$cache"

log() { printf '[docker-smoke] %s\n' "$*"; }
fail() { printf '[docker-smoke] FAILED: %s\n' "$*" >&2; exit 1; }
trap 'log "a command failed at line $LINENO"' ERR

[ "$(id -u)" = "0" ] || fail "run as root (dockerd and debootstrap need it)"
if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  log "installing docker.io and debootstrap (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
fi
# Debian's docker CLI (20.10) has BuildKit built in; a newer CLI without the buildx plugin would fall
# back to the legacy builder, which builds every stage (including `npm ci`, which needs a registry).
docker_cli=/usr/bin/docker
[ -x "$docker_cli" ] || docker_cli=$(command -v docker)
docker() { "$docker_cli" "$@"; }
export DOCKER_BUILDKIT=1

run_id=$$
container=pipelinehouse-smoke-$run_id
volume=pipelinehouse-smoke-data-$run_id
image=pipelinehouse:smoke-$run_id
context=$cache/context-$run_id
started_dockerd=""
dockerd_pid=""

cleanup() {
  local rc=$?
  set +e
  if docker info >/dev/null 2>&1; then
    if [ $rc -ne 0 ] && docker inspect "$container" >/dev/null 2>&1; then
      log "container log (last 60 lines):"
      docker logs --tail 60 "$container" 2>&1 | sed 's/^/  /'
    fi
    docker rm -f "$container" >/dev/null 2>&1
    docker volume rm -f "$volume" >/dev/null 2>&1
    docker image rm -f "$image" >/dev/null 2>&1
    docker builder prune -f >/dev/null 2>&1
  fi
  rm -rf "$context"
  if [ -n "$started_dockerd" ]; then
    log "stopping the dockerd this script started (pid $dockerd_pid)"
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  exit $rc
}
trap cleanup EXIT

# --- dockerd -----------------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  dockerd >"$cache/dockerd.log" 2>&1 &
  dockerd_pid=$!
  started_dockerd=1
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -20 "$cache/dockerd.log"; fail "dockerd did not start"; }
fi

# --- base image: debootstrap + node, no registry ------------------------------------------------
node_version=$(node -p process.versions.node)
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || fail "node $node_version is older than package.json's engines (>=20.19)"
base_image=pipelinehouse-smoke-base:bookworm-node$node_version
base_tar=$cache/base-bookworm-node$node_version.tar
if ! docker image inspect "$base_image" >/dev/null 2>&1; then
  if [ ! -s "$base_tar" ]; then
    rootfs=$cache/rootfs-$run_id
    log "debootstrap bookworm (minbase, tini, ca-certificates): a few minutes, cached afterwards in $base_tar"
    debootstrap --variant=minbase --include=tini,ca-certificates bookworm "$rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log"; rm -rf "$rootfs"; fail "debootstrap failed"; }
    install -m 0755 "$(command -v node)" "$rootfs/usr/local/bin/node"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
    rm -rf "$rootfs"
  fi
  log "importing the base image $base_image"
  docker import "$base_tar" "$base_image" >/dev/null
fi
docker run --rm "$base_image" node -e 'process.exit(0)' || fail "the base image cannot run node"

# --- the app, built outside Docker --------------------------------------------------------------
if [ "${DOCKER_SMOKE_SKIP_BUILD:-}" != "1" ] || [ ! -f .next/BUILD_ID ]; then
  log "npm run build"
  npm run -s build >"$cache/next-build.log" 2>&1 || { tail -40 "$cache/next-build.log"; fail "npm run build failed"; }
fi
node scripts/bundle-server.mjs
log "preparing the build context (the Dockerfile's app-prebuilt stage)"
rm -rf "$context"
mkdir -p "$context/prisma"
cp package.json package-lock.json next.config.js "$context/"
mkdir -p "$context/lib/http" && cp lib/http/undecodable-path.mjs "$context/lib/http/"  # imported by next.config.js
cp -a dist "$context/dist"
cp -a prisma/migrations "$context/prisma/migrations"
cp -a .next "$context/.next"
rm -rf "$context/.next/cache"
cp -a node_modules "$context/node_modules"
(cd "$context" && sh "$repo/scripts/prune-runtime.sh") || fail "pruning node_modules failed"
rm -f "$context/package-lock.json"

log "docker build ($image)"
docker build -q -f Dockerfile -t "$image" \
  --build-arg APP_SOURCE=app-prebuilt --build-arg NODE_IMAGE="$base_image" \
  "$context" >/dev/null || fail "docker build failed"
rm -rf "$context"
log "image size: $(docker image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

# --- run it -------------------------------------------------------------------------------------
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
endpoint=http://127.0.0.1:$port
access_key=$(node -e 'console.log("PHAKSMOKE" + require("crypto").randomBytes(6).toString("hex").toUpperCase().slice(0, 11))')
secret_key=$(node -e 'console.log(require("crypto").randomBytes(30).toString("base64"))')

wait_healthy() {
  local deadline=$((SECONDS + 240)) status
  while [ $SECONDS -lt $deadline ]; do
    status=$(docker inspect "$container" --format '{{.State.Status}} {{.State.Health.Status}}')
    case "$status" in
      "running healthy") return 0 ;;
      exited*|dead*) fail "the container stopped ($status)" ;;
    esac
    sleep 1
  done
  fail "the container was not healthy within 240 s ($status)"
}

log "starting the container on $endpoint (host network, data in volume $volume)"
docker run -d --name "$container" --network host \
  -e PORT="$port" -e BIND_HOST=127.0.0.1 \
  -e ROOT_ACCESS_KEY_ID="$access_key" -e ROOT_SECRET_ACCESS_KEY="$secret_key" \
  -v "$volume:/data" "$image" >/dev/null
# HEALTHCHECK runs every 10 s; the first `healthy` comes after the first check that passes.
wait_healthy
log "healthy"

client() { AWS_ACCESS_KEY_ID="$access_key" AWS_SECRET_ACCESS_KEY="$secret_key" node --no-warnings --import tsx scripts/docker-smoke-client.ts "$@"; }
pipeline_id=$(client cycle "$endpoint") || fail "the signed SDK call or the runner cycle failed"
log "runner cycle done on pipeline $pipeline_id"
# The console is Next's: its sign-in page renders (the pruned runtime has what Next needs).
page=$(curl -s -o /dev/null -w '%{http_code}' "$endpoint/sign-in") || fail "the console did not answer"
[ "$page" = "200" ] || fail "the console's sign-in page answered $page"
log "console sign-in page: 200"
# The admin CLI, bundled like the server, works in the container against the running embedded Postgres.
docker exec "$container" node dist/admin.mjs list-keys | grep -q "$access_key" || fail "node dist/admin.mjs list-keys did not list the root key"
log "admin CLI in the container lists the root key"

log "checking that no process in the container runs as root"
uids=$(docker top "$container" -eo pid,uid,comm | awk 'NR>1 {print $2":"$3}')
echo "$uids" | sed 's/^/  uid:command /'
echo "$uids" | grep -q . || fail "docker top listed no processes"
if echo "$uids" | grep -q '^0:'; then fail "a process runs as root"; fi
[ "$(docker exec "$container" id -u)" != "0" ] || fail "docker exec runs as root"

log "restarting the container"
stop_started=$SECONDS
docker stop -t 30 "$container" >/dev/null
stop_took=$((SECONDS - stop_started))
exit_code=$(docker inspect "$container" --format '{{.State.ExitCode}}')
# 0: node got SIGTERM through tini and shut down (pool, embedded Postgres); 137 would be a SIGKILL.
[ "$exit_code" = "0" ] || fail "the server did not exit cleanly on SIGTERM (exit code $exit_code)"
log "stopped on SIGTERM in ${stop_took} s, exit code 0"
docker start "$container" >/dev/null
wait_healthy
client verify "$endpoint" "$pipeline_id" || fail "the data did not survive the restart"
log "the pipeline and its finished run are still there after the restart"

log "PASSED"
