/**
 * Internal: seed of every advisory-lock hash of this library, so its locks rarely meet an application's own.
 * @internal
 */
export const LOCK_SEED = 0x5043_636f;
