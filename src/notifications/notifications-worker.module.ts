import { Module } from '@nestjs/common';
import { NotificationsModule } from './notifications.module.js';
import { OutboundDeliverer } from './outbound-deliverer.service.js';
import { OutboundSender } from './outbound-sender.js';
import { OutboundSweeper } from './outbound-sweeper.service.js';
import { OutboundProcessor } from './outbound.processor.js';

/**
 * Notifications, worker side: the `outbound` processor (webhooks, e-mail, retried with
 * exponential backoff) and the sweep that re-enqueues pending deliveries Redis lost.
 */
@Module({
  imports: [NotificationsModule],
  providers: [OutboundProcessor, OutboundDeliverer, OutboundSender, OutboundSweeper],
})
export class NotificationsWorkerModule {}
