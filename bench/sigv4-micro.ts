// The in-process SigV4 micro-bench on its own (`npx tsx bench/sigv4-micro.ts [calls]`); `npm run bench`
// runs the same measurement as its `sigv4` phase and reports it next to the cycle phases.
import { measureSigv4Micro } from "./lib/sigv4-micro";

const calls = Number(process.argv[2] ?? 20_000);
measureSigv4Micro({ calls, warmup: Math.ceil(calls / 10) })
  .then((r) => {
    console.log(`server verify: ${r.verifyCpuUs} us CPU/call, ${r.verifyWallUs} us wall/call`);
    console.log(`client sign: ${r.signCpuUs} us CPU/call`);
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
