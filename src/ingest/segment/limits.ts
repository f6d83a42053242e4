/**
 * Size limits of the Segment HTTP tracking API, which tracking libraries already respect when
 * they build batches: 32 KB per event, 500 KB per request, 100 characters per messageId.
 * The server enforces MAX_BATCH_BYTES on the raw (gunzipped) body; normalizeEvent enforces the
 * other two.
 */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
export const MAX_MESSAGE_ID = 100;
