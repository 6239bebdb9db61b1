import { ValidationPipe } from '@nestjs/common';

/**
 * How every request body and query is read, the same for the global pipe and the routes that
 * validate by hand (multipart fields, page forms): unknown fields refused, values converted to
 * the DTO's types. (A field the caller left out is still an own `undefined` key of the DTO: its
 * class declares it.)
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
  });
}
