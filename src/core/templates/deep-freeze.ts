/**
 * Freezes a value and everything it holds. Templates are shared module-level data; freezing them
 * makes an accidental edit by one caller fail loudly instead of changing what the next one sees.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
