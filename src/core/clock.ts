import { Injectable } from '@nestjs/common';

/**
 * The current instant, injected wherever "now" matters (publication, deadlines, escalation), so
 * tests drive time instead of sleeping. `set` pins it; production never calls it.
 */
@Injectable()
export class Clock {
  private pinned: Date | null = null;

  now(): Date {
    return this.pinned ? new Date(this.pinned) : new Date();
  }

  /** Pins the clock at an instant (tests), or releases it with `null`. */
  set(instant: Date | null): void {
    this.pinned = instant ? new Date(instant) : null;
  }
}
