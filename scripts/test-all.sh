#!/usr/bin/env bash
# Every test: lint (formatting, ESLint with no import cycles, unused code), types, unit tests, a production build, integration tests against the embedded Postgres
# through `npm start` (and, when TEST_DATABASE_URL names a Postgres server, again against that one
# through plain `next start`), then the console's Playwright specs in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-test-tools.sh

echo "== lint (prettier --check, eslint, knip)"
npm run --silent lint

echo "== typecheck"
npx tsc --noEmit

echo "== unit tests"
npx vitest run

echo "== build"
npm run build --silent

echo "== integration tests (embedded Postgres)"
env -u TEST_DATABASE_URL npx vitest run --config vitest.integration.config.ts

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  # This run serves through plain `next start` (the route handler, as on Vercel) rather than npm start.
  echo "== integration tests (Postgres at TEST_DATABASE_URL, next start)"
  TEST_SERVER_ENTRY=next-start npx vitest run --config vitest.integration.config.ts
  # As on a serverless host (README "Vercel"): next start, BACKGROUND_TICKER=off with cron-like ticks,
  # DATABASE_URL through PgBouncer in transaction mode (DIRECT_DATABASE_URL for LISTEN and
  # migrations); the mode's own checks and the files that drive the runner protocol, leasing and
  # background work (about 3 minutes here).
  echo "== integration tests (serverless mode: PgBouncer transaction pooling, cron ticks, next start)"
  TEST_SERVER_ENTRY=next-start TEST_SERVERLESS=pgbouncer npx vitest run --config vitest.integration.config.ts \
    tests/integration/serverless-pooler.test.ts tests/integration/control-plane.test.ts tests/integration/leases.test.ts \
    tests/integration/runner-protocol.test.ts tests/integration/tick.test.ts
fi

if [ -f playwright.config.ts ]; then
  echo "== e2e (Playwright, Chromium)"
  npx playwright test
fi
