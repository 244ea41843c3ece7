import type { Tx } from "@/lib/store/transaction";

// Where the control plane hands over to the scheduler (lib/scheduler). Each hook runs inside the
// caller's transaction so that a pipeline's state and its runs change together.

export interface Activation {
  pipelineId: string;
  version: number;
  previousVersion: number | null;
  startTimestamp: Date | null;
  now: Date;
}

/** Activation makes the scheduler plan runs of the active version. */
export async function onPipelineActivated(_tx: Tx, _activation: Activation): Promise<void> {
  // Runs are planned by the scheduler (issue 3); until it exists an activated pipeline has no instances.
}

/** Returns the pipeline state after deactivation: INACTIVE, or DEACTIVATING while running work drains. */
export async function onPipelineDeactivated(_tx: Tx, _pipelineId: string, _cancelActive: boolean): Promise<"INACTIVE" | "DEACTIVATING"> {
  return "INACTIVE";
}

/** Live attempts of a deleted pipeline are cancelled so runners hear `canceled` or TaskNotFound. */
export async function onPipelineDeleted(_tx: Tx, _pipelineId: string): Promise<void> {
  // Nothing runs before the scheduler exists.
}
