import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../core/config/app-config.js';
import { RedisThrottlerStorage } from '../core/http/redis-throttler.storage.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: {
          expiresIn: config.get('JWT_EXPIRES_IN') as `${number}h`,
          issuer: 'dondoc',
        },
        verifyOptions: { issuer: 'dondoc', algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        throttlers: [
          {
            // Only the sign-in route uses the throttler guard; the name "default" keeps the
            // standard Retry-After header (other names get a suffixed one).
            name: 'default',
            limit: config.get('LOGIN_RATE_LIMIT'),
            ttl: config.get('LOGIN_RATE_WINDOW_SECONDS') * 1000,
          },
        ],
        storage,
        errorMessage: 'Too many sign-in attempts; wait a minute and try again',
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
