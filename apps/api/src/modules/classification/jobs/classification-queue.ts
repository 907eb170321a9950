/** Where uploads hand their versions for classification. */
export interface ClassificationQueue {
  /** Called after the upload's transaction committed. */
  enqueue(versionId: string): Promise<void>;
}

export const CLASSIFICATION_QUEUE = Symbol('CLASSIFICATION_QUEUE');
export const QUEUE_NAME = 'classification';
