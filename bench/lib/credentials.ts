// The admin key the bench (and the integration tests, which share its clients) start their
// servers with (ROOT_ACCESS_KEY_ID/ROOT_SECRET_ACCESS_KEY) and sign every call with. Not a secret:
// it only exists in throwaway databases.
export const ROOT_CREDENTIALS = {
  accessKeyId: "PHAKTESTROOT00000001",
  secretAccessKey: "testRootSecretKey0000000000000000000000AA",
};

/** What a server needs to accept ROOT_CREDENTIALS and keep its keys readable across restarts. */
export function rootCredentialsEnv(secretKeyHex: string): Record<string, string> {
  return {
    SECRET_KEY: secretKeyHex,
    ROOT_ACCESS_KEY_ID: ROOT_CREDENTIALS.accessKeyId,
    ROOT_SECRET_ACCESS_KEY: ROOT_CREDENTIALS.secretAccessKey,
  };
}
