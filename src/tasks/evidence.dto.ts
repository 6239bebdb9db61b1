import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { FIRST_YEAR, isCalendarDate, LAST_YEAR } from '../calendar/working-calendar.js';
import { EVIDENCE_KINDS, type Evidence, type EvidenceKind } from './evidence.entity.js';

export const MAX_EVIDENCE_TEXT = 20_000;

const IsCalendarDate = () =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value) => isCalendarDate(value),
      defaultMessage: () =>
        `$property must be a calendar date YYYY-MM-DD in ${FIRST_YEAR}–${LAST_YEAR}`,
    },
  });

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
// An empty optional caption (a blank form field) is no caption.
const trimToUndefined = ({ value }: { value: unknown }) => {
  const trimmed = trim({ value });
  return trimmed === '' ? undefined : trimmed;
};

/** What every kind of evidence input shares. */
export abstract class EvidenceInputBase {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @ApiPropertyOptional({
    description:
      'The task version you loaded (or send If-Match). Optional here: when given it must be ' +
      'current (409 stale_version otherwise); when not, the current version is used.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

abstract class CaptionedInput extends EvidenceInputBase {
  @ApiPropertyOptional({ description: 'A caption', maxLength: MAX_EVIDENCE_TEXT })
  @Transform(trimToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_EVIDENCE_TEXT)
  text?: string;
}

/** kind `file`: multipart/form-data with the file in field `file`. */
export class FileEvidenceInput extends CaptionedInput {
  declare kind: 'file';
}

export class LinkEvidenceInput extends CaptionedInput {
  declare kind: 'link';

  @ApiProperty({ example: 'https://anthi.hungyen.gov.vn/tin-tuc/bluezone' })
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http or https address' },
  )
  url: string;
}

export class NoteEvidenceInput extends EvidenceInputBase {
  declare kind: 'note';

  @ApiProperty({ maxLength: MAX_EVIDENCE_TEXT })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_EVIDENCE_TEXT)
  text: string;
}

/** A figure the unit reports, e.g. the commune's count of Bluezone installs on a date. */
export class MetricEvidenceInput extends CaptionedInput {
  declare kind: 'metric';

  @ApiProperty({ example: 'Số người đã cài đặt Bluezone', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  indicator: string;

  @ApiProperty({ example: 4120, minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  value: number;

  @ApiProperty({ format: 'date', example: '2020-08-28' })
  @IsCalendarDate()
  asOf: string;
}

/** The unit's own official paper: "Báo cáo số 12/BC-UBND ngày 28/8/2020", optionally its file. */
export class DocumentEvidenceInput extends CaptionedInput {
  declare kind: 'document';

  @ApiProperty({ example: 'Báo cáo', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentType: string;

  @ApiProperty({ example: '12/BC-UBND', description: 'Số/ký hiệu', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentNumber: string;

  @ApiProperty({ format: 'date', example: '2020-08-28' })
  @IsCalendarDate()
  documentDate: string;
}

export type EvidenceInput =
  | FileEvidenceInput
  | LinkEvidenceInput
  | NoteEvidenceInput
  | MetricEvidenceInput
  | DocumentEvidenceInput;

/** The input class for each kind, to validate a body once its kind is known. */
export const EVIDENCE_INPUTS: Record<EvidenceKind, new () => EvidenceInput> = {
  file: FileEvidenceInput,
  link: LinkEvidenceInput,
  note: NoteEvidenceInput,
  metric: MetricEvidenceInput,
  document: DocumentEvidenceInput,
};

/** The kinds that may carry a file, and so may come as multipart/form-data. */
export const FILE_KINDS: readonly EvidenceKind[] = ['file', 'document'];

export class EvidenceFileDto {
  @ApiProperty({ example: 'Bao cao 12-BC-UBND.pdf' }) name: string;
  @ApiProperty({ example: 'application/pdf', description: 'As the bytes say, not the name' })
  mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ example: 'e3b0c442…', description: 'SHA-256 of the content, hex' }) sha256: string;
}

export class EvidenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: EvidenceKind;
  @ApiProperty({ nullable: true, type: String, description: 'The note, or a caption' })
  text: string | null;
  @ApiPropertyOptional({ description: 'link' }) url?: string;
  @ApiPropertyOptional({ description: 'metric' }) indicator?: string;
  @ApiPropertyOptional({ description: 'metric' }) value?: number;
  @ApiPropertyOptional({ description: 'metric', format: 'date' }) asOf?: string;
  @ApiPropertyOptional({ description: 'document' }) documentType?: string;
  @ApiPropertyOptional({ description: 'document: số/ký hiệu' }) documentNumber?: string;
  @ApiPropertyOptional({ description: 'document', format: 'date' }) documentDate?: string;
  @ApiProperty({ type: EvidenceFileDto, nullable: true }) file: EvidenceFileDto | null;
  @ApiProperty() createdBy: { id: string; fullName: string };
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) withdrawnAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) withdrawnById: string | null;

  static from(evidence: Evidence): EvidenceDto {
    const dto: EvidenceDto = {
      id: evidence.id,
      taskId: evidence.taskId,
      kind: evidence.kind,
      text: evidence.text,
      file: evidence.sha256
        ? {
            name: evidence.fileName ?? '',
            mediaType: evidence.mediaType ?? 'application/octet-stream',
            size: Number(evidence.sizeBytes),
            sha256: evidence.sha256,
          }
        : null,
      createdBy: { id: evidence.createdById, fullName: evidence.createdBy?.fullName ?? '' },
      createdAt: evidence.createdAt.toISOString(),
      withdrawnAt: evidence.withdrawnAt?.toISOString() ?? null,
      withdrawnById: evidence.withdrawnById,
    };
    switch (evidence.kind) {
      case 'link':
        dto.url = evidence.url ?? '';
        break;
      case 'metric':
        dto.indicator = evidence.indicator ?? '';
        dto.value = Number(evidence.value);
        dto.asOf = evidence.asOf ?? '';
        break;
      case 'document':
        dto.documentType = evidence.documentType ?? '';
        dto.documentNumber = evidence.documentNumber ?? '';
        dto.documentDate = evidence.documentDate ?? '';
        break;
      case 'file':
      case 'note':
        break;
    }
    return dto;
  }
}

/** A piece of evidence after adding or withdrawing it, with the task's new version. */
export class EvidenceChangeDto extends EvidenceDto {
  @ApiProperty({ description: "The task's version after this change (send it with the next one)" })
  version: number;
}

export class EvidencePageDto {
  @ApiProperty({ type: [EvidenceDto] }) items: EvidenceDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ description: "The task's current version" }) version: number;
}
