import { resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from './environment.js';

/** Typed, read-only access to the validated environment. */
@Injectable()
export class AppConfig {
  constructor(private readonly config: ConfigService<Environment, true>) {}

  get<K extends keyof Environment>(key: K): Environment[K] {
    return this.config.get(key, { infer: true });
  }

  get isProduction(): boolean {
    return this.get('NODE_ENV') === 'production';
  }

  get databaseUrl(): string {
    return this.get('DATABASE_URL');
  }

  get redisUrl(): string {
    return this.get('REDIS_URL');
  }

  get redisPrefix(): string {
    return this.get('REDIS_PREFIX');
  }

  get jwtSecret(): string {
    // validateEnvironment fills the development secret in, so this is always set.
    return this.get('JWT_SECRET') as string;
  }

  /** Access-token lifetime in seconds (JWT_EXPIRES_IN). */
  get accessTokenSeconds(): number {
    return durationSeconds(this.get('JWT_EXPIRES_IN'));
  }

  /** Refresh-token lifetime in seconds (JWT_REFRESH_EXPIRES_IN). */
  get refreshTokenSeconds(): number {
    return durationSeconds(this.get('JWT_REFRESH_EXPIRES_IN'));
  }

  /** A rate limit: `limit` requests per `windowSeconds`; a limit of 0 switches it off. */
  rateLimit(kind: 'login' | 'upload' | 'api'): { limit: number; windowSeconds: number } {
    switch (kind) {
      case 'login':
        return {
          limit: this.get('LOGIN_RATE_LIMIT'),
          windowSeconds: this.get('LOGIN_RATE_WINDOW_SECONDS'),
        };
      case 'upload':
        return {
          limit: this.get('UPLOAD_RATE_LIMIT'),
          windowSeconds: this.get('UPLOAD_RATE_WINDOW_SECONDS'),
        };
      case 'api':
        return {
          limit: this.get('API_RATE_LIMIT'),
          windowSeconds: this.get('API_RATE_WINDOW_SECONDS'),
        };
    }
  }

  get migrationsRun(): boolean {
    return this.get('MIGRATIONS_RUN') === 'true';
  }

  get seedDemo(): boolean {
    return this.get('SEED_DEMO') === 'true';
  }

  /** The evidence directory, absolute (a relative EVIDENCE_DIR is read against the working directory). */
  get evidenceDir(): string {
    return resolve(process.cwd(), this.get('EVIDENCE_DIR'));
  }

  get evidenceMaxBytes(): number {
    return this.get('EVIDENCE_MAX_BYTES');
  }

  /** Null when outbound e-mail is off. */
  get smtpUrl(): string | null {
    return this.get('SMTP_URL') ?? null;
  }

  get smtpFrom(): string {
    return this.get('SMTP_FROM');
  }

  get outboundAllowPrivateTargets(): boolean {
    return this.get('OUTBOUND_ALLOW_PRIVATE_TARGETS') === 'true';
  }

  get outboundBackoffMs(): number {
    return this.get('OUTBOUND_BACKOFF_MS');
  }

  get outboundSweepMs(): number {
    return this.get('OUTBOUND_SWEEP_MS');
  }

  /** Praise and criticism thresholds of the compliance ranking. */
  get complianceRules(): {
    praiseMinCompletion: number;
    praiseMaxLate: number;
    criticismBelow: number;
  } {
    return {
      praiseMinCompletion: this.get('COMPLIANCE_PRAISE_MIN_COMPLETION'),
      praiseMaxLate: this.get('COMPLIANCE_PRAISE_MAX_LATE'),
      criticismBelow: this.get('COMPLIANCE_CRITICISM_BELOW'),
    };
  }
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** `15m`, `12h`, `7d` (already validated by the Environment) in seconds. */
export function durationSeconds(value: string): number {
  const match = /^(\d+)([smhd])$/.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}
