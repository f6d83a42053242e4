export { MAX_BATCH_BYTES, MAX_EVENT_BYTES, MAX_MESSAGE_ID } from './limits.ts';
export { normalizeBatch, type TBatchRejection, type TBatchResult } from './normalize-batch.ts';
export {
  normalizeEvent,
  type TIngestError,
  type TIngestErrorCode,
  type TNormalizeResult,
} from './normalize-event.ts';
export { parseIsoTimestamp } from './parse-timestamp.ts';
