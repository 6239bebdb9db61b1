import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * Base of every form the pages post: the anti-forgery field rides along (the guard checks it),
 * so the global validation, which refuses unknown fields, accepts it.
 */
export abstract class WebForm {
  @IsOptional() @IsString() @MaxLength(200) _csrf?: string;
}

/** An empty form field means "not given" (browsers send empty inputs as ""). */
export const blankToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A number typed into a form: "4.120" or "4 120" as people write it, "4120" as browsers send it. */
export const formNumber = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const digits = value.trim().replace(/[.\s]/g, '').replace(',', '.');
  return digits === '' ? undefined : Number(digits);
};
