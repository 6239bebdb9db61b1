import type { ExecutionContext } from '@nestjs/common';

type Targets = [
  handler: ReturnType<ExecutionContext['getHandler']>,
  controller: ReturnType<ExecutionContext['getClass']>,
];

/**
 * What a guard reads from a route's decorators, worked out once per route: the decorators are
 * fixed when the class is defined, and the guards run on every request. Keyed by controller and
 * handler (an inherited handler can sit on several controllers).
 */
export class RouteMetadataCache<T> {
  private readonly byController = new WeakMap<object, WeakMap<object, { value: T }>>();

  constructor(private readonly read: (targets: Targets) => T) {}

  of(context: ExecutionContext): T {
    const handler = context.getHandler();
    const controller = context.getClass();
    let routes = this.byController.get(controller);
    if (!routes) this.byController.set(controller, (routes = new WeakMap()));
    let entry = routes.get(handler);
    if (!entry) {
      entry = { value: this.read([handler, controller]) };
      routes.set(handler, entry);
    }
    return entry.value;
  }
}
