import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * How deeply a JSON body may nest. No request shape of dondoc goes past four levels; the limit
 * is far above that and far below what the recursive steps after parsing (class-transformer,
 * class-validator, the audit trail's copy of the body) can walk without overflowing the stack.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Whether a JSON text nests deeper than `limit`: one pass over the bytes, counting brackets
 * outside strings, no recursion and no allocation, so a hostile body costs what reading it
 * costs. Works on UTF-8 bytes (no byte of a multi-byte character is below 0x80). Malformed text
 * is not judged here: JSON.parse refuses it next.
 */
export function nestsDeeperThan(text: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/** A body refused for its nesting, answered 400 `json_too_deep` by the error filter. */
export class JsonTooDeepError extends Error {
  readonly statusCode = 400;
  readonly code = 'JSON_TOO_DEEP';
  constructor() {
    super(`the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The `application/json` body parser: the depth check, then Fastify's own parser (JSON.parse
 * with `__proto__` and `constructor.prototype` refused). A body nested 400,000 levels parses
 * fine in V8 but overflows the stack of every recursive step after it (a 500 after a second or
 * more of blocked event loop, for anyone, signed in or not): it is refused here, in the time of
 * one scan.
 */
export function jsonBodyParser(
  fastify: FastifyInstance,
): (request: FastifyRequest, body: Buffer, done: Done) => void {
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig as {
    onProtoPoisoning?: 'error' | 'remove' | 'ignore';
    onConstructorPoisoning?: 'error' | 'remove' | 'ignore';
  };
  const parse = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  return (request, body, done) => {
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      done(new JsonTooDeepError());
      return;
    }
    // Fastify's parser answers through `done` and returns nothing to wait for.
    void parse(request, body.toString('utf8'), done);
  };
}
