/**
 * The port to the work queues' dead-letter queues, for a redrive (`manireports-cloud redrive --job ID`): find one
 * job's dead-lettered messages and put them back on the queue they came from.
 */
import type { WorkMessage } from './work-message.js';

/** One dead-lettered message: its body as sent (redriven byte for byte) and what it carries. */
export interface DeadLetter {
  kind: WorkMessage['kind'];
  body: string;
  message: WorkMessage;
  /** The queue's handle on this receipt (opaque). */
  receipt: string;
}

export interface DeadLetterQueues {
  /**
   * Every dead-lettered message of `jobId`, held out of sight of other readers while the redrive runs; the other
   * jobs' messages are left in the DLQ as they were.
   */
  collect(jobId: string): Promise<DeadLetter[]>;
  /** Sends each letter to its work queue again, then removes it from its DLQ (a crash between sends it twice). */
  redrive(letters: readonly DeadLetter[]): Promise<void>;
}
