import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PasswordHasher } from '../users/password-hasher.js';
import { UsersService } from '../users/users.service.js';
import { InvalidCredentialsError } from './auth.errors.js';
import type { LoginResponseDto } from './auth.dto.js';
import { UserDto } from '../users/user.dto.js';

export interface TokenClaims {
  sub: string;
  username: string;
  role: string;
  unitId: string;
}

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);
  // Verified against when the username is unknown, so both failures take the same time.
  private decoyHash = '';

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await this.hasher.hash('dondoc-decoy-password');
  }

  async login(username: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users.findForSignIn(username);
    const matches = await this.hasher.verify(user?.passwordHash ?? this.decoyHash, password);
    if (!user || !matches || !user.active) {
      this.logger.warn(`failed sign-in for username "${username.slice(0, 100)}"`);
      throw new InvalidCredentialsError();
    }
    const claims: TokenClaims = {
      sub: user.id,
      username: user.username,
      role: user.role,
      unitId: user.unitId,
    };
    const accessToken = await this.jwt.signAsync(claims);
    this.logger.log(`user ${user.id} (${user.username}) signed in`);
    return { accessToken, user: UserDto.from(user) };
  }
}
