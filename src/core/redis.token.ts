/** Injection token of the shared request-time Redis client (see CoreModule). */
export const REDIS = Symbol('REDIS');
