import { DataPipelineClient, type DataPipelineClientConfig } from "@aws-sdk/client-data-pipeline";
import type { SendCommand } from "./send-command";

// Derived from the client's own config type, so no undeclared @aws-sdk/types import is needed.
type CredentialsInput = NonNullable<DataPipelineClientConfig["credentials"]>;
type AwsCredentialIdentityProvider = Extract<CredentialsInput, (...args: never[]) => unknown>;

export interface ClientSettings {
  endpoint: string;
  region: string;
  /** A profile of ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE, else "default"). */
  profile?: string;
}

// The server holds a poll for up to 90 s (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_PollForTask.html); the socket must outlive that with margin.
const REQUEST_TIMEOUT_MS = 110_000;
const CONNECTION_TIMEOUT_MS = 10_000;

/** What the runner tells its user when the SDK's chain finds no credentials. */
export const NO_CREDENTIALS_MESSAGE =
  "no AWS credentials found: pipelinehouse verifies every call's signature. Give the runner an access key " +
  "(a 'runner' key: npm run admin -- create-key --account NAME --role runner) the way the AWS SDK reads " +
  "them: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile with ~/.aws/credentials, or any " +
  "other source of the SDK's default chain";

/** The SDK's default credential chain, with a message that says what to do when it finds nothing. */
function explained(chain: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  return async (options) => {
    try {
      return await chain(options);
    } catch (err) {
      throw Object.assign(new Error(`${NO_CREDENTIALS_MESSAGE} (${(err as Error).message})`), {
        name: "CredentialsProviderError",
      });
    }
  };
}

export interface RunnerClient {
  send: SendCommand;
  /** Resolves the credentials once, so a runner without any says so at start instead of on every poll. */
  checkCredentials(): Promise<void>;
  destroy(): void;
}

export function createRunnerClient(settings: ClientSettings): RunnerClient {
  // A throwaway client is the public way to reach the SDK's default credential chain (environment,
  // shared files with the profile, SSO, process, container and instance credentials).
  const profile = settings.profile ? { profile: settings.profile } : {};
  const defaultChain = new DataPipelineClient({ region: settings.region, ...profile }).config.credentials;
  const credentials = explained(defaultChain);
  const client = new DataPipelineClient({
    endpoint: settings.endpoint,
    region: settings.region,
    ...profile,
    credentials,
    requestHandler: {
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
    },
  });
  return {
    send: client.send.bind(client),
    checkCredentials: async () => {
      await credentials();
    },
    destroy: () => client.destroy(),
  };
}
