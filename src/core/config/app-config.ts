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
