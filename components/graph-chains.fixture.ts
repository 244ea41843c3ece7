// Test data shared by graph-chains.test.ts and graph-layout.test.ts.
const ref = (key: string, target: string, exists = true) => ({ key, target, exists });

/** Two chains on shared infrastructure: orders (hand-offs through data nodes) and cleanup (dependsOn, a precondition). */
export const twoChains = [
  { id: "Default", refs: [ref("schedule", "Daily")] },
  { id: "Daily", refs: [] },
  { id: "Alarm", refs: [] },
  { id: "Ec2", refs: [] },
  { id: "SharedInput", refs: [] },
  {
    id: "ExtractOrders",
    refs: [
      ref("input", "OrdersRaw"),
      ref("input", "SharedInput"),
      ref("output", "OrdersStaged"),
      ref("onFail", "Alarm"),
      ref("runsOn", "Ec2"),
    ],
  },
  { id: "OrdersRaw", refs: [] },
  { id: "OrdersStaged", refs: [] },
  { id: "LoadOrders", refs: [ref("input", "OrdersStaged"), ref("output", "OrdersTable"), ref("runsOn", "Ec2")] },
  { id: "OrdersTable", refs: [] },
  { id: "ReportOrders", refs: [ref("dependsOn", "LoadOrders"), ref("onFail", "Alarm")] },
  { id: "CleanupTmp", refs: [ref("precondition", "TmpExists"), ref("input", "SharedInput"), ref("runsOn", "Ec2")] },
  { id: "TmpExists", refs: [] },
  {
    id: "CleanupLogs",
    refs: [ref("dependsOn", "CleanupTmp"), ref("parent", "Default"), ref("dependsOn", "Gone", false)],
  },
];
