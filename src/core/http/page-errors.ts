import type { ExceptionFilter } from '@nestjs/common';

/**
 * The token under which the web pages offer to answer errors as pages (the web module provides
 * its filter under it). The API's filter hands it what a browser asked for outside the API — a
 * mistyped page address — so a person gets the "not found" page, not the API's JSON.
 */
export const PAGE_ERRORS = Symbol('PAGE_ERRORS');

export type PageErrors = ExceptionFilter;
