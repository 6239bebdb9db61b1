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

export class LoginResponseDto {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <token>"' })
  accessToken: string;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
