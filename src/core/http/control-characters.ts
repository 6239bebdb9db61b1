import { DomainError } from '../errors/domain-error.js';

/**
 * Control characters no text of dondoc carries: NUL (PostgreSQL refuses it in text, a 500 before
 * this check) and the other C0 controls and DEL, which a person cannot type and a header cannot
 * carry (a `next` path with one failed the sign-in redirect). Tab and the line breaks (LF, CR,
 * and VT/FF, which pasted letters keep as page breaks) stay allowed.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/;

export function hasControlCharacter(text: string | undefined): boolean {
  return text !== undefined && CONTROL.test(text);
}

export class ControlCharacterError extends DomainError {
  constructor(where: string) {
    super('invalid', 'control_character', `${where} contains a control character`);
  }
}

/**
 * Throws {@link ControlCharacterError} when any string in `value` (keys included) has a control
 * character. Walks with a stack, not recursion: JSON bodies are already limited in depth, and
 * this must not be the next thing to overflow.
 */
export function refuseControlCharacters(value: unknown, where: string): void {
  const pending: Array<[unknown, string]> = [[value, where]];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (CONTROL.test(item)) throw new ControlCharacterError(path);
    } else if (Array.isArray(item)) {
      item.forEach((element, i) => pending.push([element, `${path}[${i}]`]));
    } else if (typeof item === 'object' && item !== null && !Buffer.isBuffer(item)) {
      for (const [key, element] of Object.entries(item)) {
        if (CONTROL.test(key)) throw new ControlCharacterError(`a field name in ${path}`);
        pending.push([element, `${path}.${key}`]);
      }
    }
  }
}
