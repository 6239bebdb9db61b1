import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { UserDto } from '../users/user.dto.js';

export class LoginDto {
  @ApiProperty({ example: 'chair' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  username: string;

  @ApiProperty({ example: 'demo1234' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from sign-in or the last refresh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken: string;
}

/** A session's tokens: what sign-in and refresh answer. */
export class SessionDto {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <token>"; short-lived' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;

  @ApiProperty({
    description:
      'Single use: POST it to /api/auth/refresh for new tokens (the answer carries its successor); ' +
      'presenting a spent one ends the session',
  })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the refresh token expires', example: 604800 })
  refreshExpiresIn: number;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}

/** Kept for the existing name of sign-in's answer. */
export { SessionDto as LoginResponseDto };
