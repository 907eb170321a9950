/** Where uploads hand their versions for classification. */
export interface ClassificationQueue {
  /**
   * Called after the transaction that created or re-queued the version's job committed.
   * `manifestId` marks a re-run with a consent manifest (a distinct queue job).
   */
  enqueue(versionId: string, manifestId?: string): Promise<void>;
}

export const CLASSIFICATION_QUEUE = Symbol('CLASSIFICATION_QUEUE');
export const QUEUE_NAME = 'classification';
