#!/bin/sh
# Leaves in ./node_modules only what running the server needs (the Dockerfile's build stage and
# scripts/docker-smoke.sh run it on the built app; never on a checkout you develop in).
set -eu
npm prune --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
# npm keeps optional peer dependencies of runtime packages when they are installed, and here they are
# devDependencies: the Prisma CLI with its dev server and studio (peers of @prisma/client),
# TypeScript, Playwright (a peer of next). Next's compiler (@next/swc-*) is used by `next build`,
# not by the server. About 300 MB that the server never loads (scripts/docker-smoke.sh checks it runs).
cd node_modules
rm -rf prisma @prisma/dev @prisma/studio-core effect @electric-sql typescript playwright playwright-core @playwright @next/swc-*
