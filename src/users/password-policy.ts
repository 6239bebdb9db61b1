import { registerDecorator, type ValidationOptions } from 'class-validator';
import { COMMON_PASSWORDS } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 10;

/**
 * Why a new password is refused, or null (NIST SP 800-63B: length, and not a known or trivially
 * guessed one; no composition rules). Demo accounts are seeded with a hash directly and so are
 * not held to this.
 */
export function weakPasswordReason(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  }
  const folded = password.toLowerCase();
  if (COMMON_PASSWORDS.has(folded) || /^(.)\1*$/u.test(folded)) {
    return 'password is too common; choose a longer phrase of your own';
  }
  return null;
}

/** A new password, checked by {@link weakPasswordReason}. */
export function AcceptablePassword(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'acceptablePassword',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !weakPasswordReason(value),
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? (weakPasswordReason(args.value) ?? 'password is not acceptable')
            : 'password must be a string',
      },
    });
}
