import type { TJsonObject } from '../../core/schemas/common.ts';

/**
 * Helpers for reading and copying parsed JSON objects whose keys are customer data.
 *
 * Property and trait names such as `__proto__` or `constructor` arrive as own keys from
 * JSON.parse. Plain assignment (`copy[key] = value`, `Object.assign({}, obj)`, spread into an
 * object literal is fine but assignment is not) would invoke the `__proto__` setter and swap the
 * copy's prototype; reading `obj[key]` without an own-property check would find inherited
 * members such as `constructor`. Everything here goes through own-property checks and
 * Object.defineProperty instead.
 */

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is TJsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of an own key, or undefined; never an inherited member. */
export function getOwn(object: TJsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The own key's value if it is a JSON object, else undefined. */
export function getOwnObject(
  object: TJsonObject | undefined,
  key: string,
): TJsonObject | undefined {
  if (object === undefined) return undefined;
  const value = getOwn(object, key);
  return isJsonObject(value) ? value : undefined;
}

/**
 * Sets an own, enumerable data property: safe for any key. `__proto__` is the only key whose
 * assignment does something else on a plain object (it is an accessor on Object.prototype), so
 * only it goes through defineProperty, which would otherwise slow the object down.
 */
export function setOwn(object: TJsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    object[key] = value;
  }
}

/**
 * A shallow copy of `object` with every own enumerable key defined (never assigned), so that a
 * `__proto__` key stays a plain key of the copy.
 *
 * @example copyOwn(JSON.parse('{"__proto__":{"x":1}}')) // own key __proto__, prototype intact
 */
export function copyOwn(object: TJsonObject): TJsonObject {
  const copy: TJsonObject = {};
  for (const key of Object.keys(object)) setOwn(copy, key, object[key]);
  return copy;
}

/**
 * `primary` completed with the keys of `defaults` that it lacks (one level deep: a key present in
 * `primary` wins entirely). Returns `primary` itself when there is nothing to add.
 */
export function withDefaults(
  primary: TJsonObject | undefined,
  defaults: TJsonObject | undefined,
): TJsonObject | undefined {
  if (defaults === undefined) return primary;
  if (primary === undefined) return copyOwn(defaults);
  const merged = copyOwn(primary);
  for (const key of Object.keys(defaults)) {
    if (!Object.hasOwn(merged, key)) setOwn(merged, key, defaults[key]);
  }
  return merged;
}
