import { availableParallelism } from 'node:os';

/** The default of CLASSIFICATION_CONCURRENCY: each job has a worker thread, so one per core, at most two. */
export const IN_PROCESS_LANES = Math.max(1, Math.min(2, availableParallelism()));
