import { DataPipelineClient, type DataPipelineClientConfig } from "@aws-sdk/client-data-pipeline";
import type { SendCommand } from "./send-command";

// Derived from the client's own config type, so no undeclared @aws-sdk/types import is needed.
type CredentialsInput = NonNullable<DataPipelineClientConfig["credentials"]>;
type AwsCredentialIdentityProvider = Extract<CredentialsInput, (...args: never[]) => unknown>;
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

export interface ClientSettings {
  endpoint: string;
  region: string;
}

// The server holds a poll for up to 90 s (api.md §4.1); the socket must outlive that with margin.
const REQUEST_TIMEOUT_MS = 110_000;
const CONNECTION_TIMEOUT_MS = 10_000;

// pipelinehouse ignores signatures, so a runner without AWS credentials must still be able to sign.
const DUMMY_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: "pipelinehouse-runner",
  secretAccessKey: "pipelinehouse-runner",
};

/** The SDK's default provider chain, falling back to dummy credentials when it finds nothing. */
function withDummyFallback(chain: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let hasFoundNothing = false;
  return async (options) => {
    if (hasFoundNothing) return DUMMY_CREDENTIALS;
    try {
      return await chain(options);
    } catch {
      hasFoundNothing = true;
      return DUMMY_CREDENTIALS;
    }
  };
}

export interface RunnerClient {
  send: SendCommand;
  destroy(): void;
}

export function createRunnerClient(settings: ClientSettings): RunnerClient {
  // A throwaway client is the public way to reach the SDK's default credential chain.
  const defaultChain = new DataPipelineClient({ region: settings.region }).config.credentials;
  const client = new DataPipelineClient({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: withDummyFallback(defaultChain),
    requestHandler: {
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
    },
  });
  return { send: client.send.bind(client), destroy: () => client.destroy() };
}
