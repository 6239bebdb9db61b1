import { type INestApplication, type NestInterceptor, RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

// Each handler's own interceptors, as declared, before the ones added here.
const declared = new WeakMap<object, unknown[]>();

/**
 * Puts `interceptors` (outermost first) in front of every route except GET ones, as global
 * interceptors would be. The interceptors given act on writes only (idempotency keys, the audit
 * trail) and pass reads straight through; but any interceptor on a route makes Nest run the
 * whole answer through RxJS (a subject, a disconnect watch, several operators) on every request,
 * which cost reads a large share of their time for nothing.
 *
 * Nest reads these when it registers the routes: call between creating the application and
 * its init(), and initialise it before creating another in the same process.
 */
export function interceptWrites(app: INestApplication, interceptors: NestInterceptor[]): void {
  const scanner = new MetadataScanner();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: object } | null)?.prototype;
      if (!prototype) continue;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined || method === RequestMethod.GET) continue;
        if (!declared.has(handler)) {
          declared.set(
            handler,
            (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [],
          );
        }
        Reflect.defineMetadata(
          INTERCEPTORS_METADATA,
          [...interceptors, ...declared.get(handler)!],
          handler,
        );
      }
    }
  }
}
