import {
  Controller,
  Get,
  HttpException,
  Inject,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { Public } from '../core/access/access.decorators.js';
import { ErrorBody } from '../core/http/error-body.js';
import { REDIS } from '../core/redis.token.js';

const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Readiness: PostgreSQL and Redis both answer within 1.5 s. */
  @Get()
  @ApiOkResponse({ description: '{ status: "ok", info: { database, redis } }' })
  @ApiServiceUnavailableResponse({ type: ErrorBody, description: 'With `checks` per dependency' })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('redis')
            .attempt(async () => {
              await this.redis.ping();
            })
            .withTimeout(CHECK_TIMEOUT_MS),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const down = Object.keys(result.error ?? {});
      throw new HttpException(
        {
          message: `unavailable: ${down.join(', ')}`,
          code: 'unhealthy',
          checks: result.details,
        },
        503,
      );
    }
  }

  /** Liveness: the process answers; no I/O, so a database outage doesn't get it restarted. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
