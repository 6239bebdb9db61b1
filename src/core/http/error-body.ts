import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one shape of every error dondoc answers with. */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'property color should not exist' })
  message: string;

  @ApiPropertyOptional({
    example: 'validation_failed',
    description: 'Stable machine-readable code',
  })
  code?: string;

  @ApiPropertyOptional({ type: [String], description: 'Each problem, for validation errors' })
  details?: string[];

  @ApiPropertyOptional({ description: 'Quote it when reporting a problem' })
  requestId?: string;
}
