import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id, the OWASP-recommended password hash; parameters travel inside each hash. */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      // A malformed stored hash is a failed sign-in, not a server error.
      return false;
    }
  }
}
