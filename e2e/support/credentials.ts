// The admin key the e2e server is started with (ROOT_ACCESS_KEY_ID/ROOT_SECRET_ACCESS_KEY, set in
// playwright.config.ts): specs seed pipelines and drive runners through the SDK with it. Not a
// secret: it only exists in the e2e run's throwaway database.
export const E2E_ROOT_CREDENTIALS = {
  accessKeyId: "PHAKE2EROOT000000001",
  secretAccessKey: "e2eRootSecretKey00000000000000000000000AA",
};
