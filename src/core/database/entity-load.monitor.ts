import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { DataSource, type EntitySubscriberInterface } from 'typeorm';
import type { Environment } from '../config/environment.js';

/** No request may turn more rows than this into entities: lists page, aggregates run in SQL. */
export const ENTITY_LOAD_LIMIT = 1000;

/** Whether requests are counted: `ENTITY_LOAD_MONITOR`, by default on outside production. */
export function entityLoadMonitorOn(env: Environment): boolean {
  return (env.ENTITY_LOAD_MONITOR ?? String(env.NODE_ENV !== 'production')) === 'true';
}

export interface RouteLoad {
  route: string;
  /** The most entities one request of this route hydrated. */
  most: number;
  requests: number;
}

/**
 * Counts the entities TypeORM hydrates for each request (a subscriber on every entity's load,
 * counted in the request's async context) and keeps, per route, the most any request took.
 * A request over {@link ENTITY_LOAD_LIMIT} is logged, naming the route: it is a bug to fix (a
 * list without a page, a loop where SQL should aggregate), so it is reported, not refused. The
 * tests read {@link heaviest} after sweeping every route on a large directive. Requests are
 * counted only where the monitor is the global interceptor ({@link entityLoadMonitorOn}).
 */
@Injectable()
export class EntityLoadMonitor implements EntitySubscriberInterface, NestInterceptor {
  private readonly logger = new Logger(EntityLoadMonitor.name);
  private readonly context = new AsyncLocalStorage<{ loaded: number }>();
  private readonly routes = new Map<string, RouteLoad>();

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  afterLoad(): void {
    const request = this.context.getStore();
    if (request) request.loaded++;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = `${request.method} ${request.routeOptions?.url ?? '?'}`;
    const counter = { loaded: 0 };
    return new Observable((subscriber) =>
      // Subscribing inside run() puts the handler's whole async chain in this request's context.
      this.context.run(counter, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            this.record(route, counter.loaded);
            subscriber.error(error);
          },
          complete: () => {
            this.record(route, counter.loaded);
            subscriber.complete();
          },
        }),
      ),
    );
  }

  /** Runs work as one request of `route` would be counted (for code outside HTTP, and tests). */
  async track<T>(route: string, work: () => Promise<T>): Promise<T> {
    const counter = { loaded: 0 };
    try {
      return await this.context.run(counter, work);
    } finally {
      this.record(route, counter.loaded);
    }
  }

  /** Routes by the most entities one of their requests hydrated, most first. */
  heaviest(): RouteLoad[] {
    return [...this.routes.values()].sort((a, b) => b.most - a.most);
  }

  private record(route: string, loaded: number): void {
    const seen = this.routes.get(route) ?? { route, most: 0, requests: 0 };
    seen.requests++;
    seen.most = Math.max(seen.most, loaded);
    this.routes.set(route, seen);
    if (loaded > ENTITY_LOAD_LIMIT) {
      this.logger.warn(`${route} hydrated ${loaded} entities (limit ${ENTITY_LOAD_LIMIT})`);
    }
  }
}
