import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../core/config/app-config.js';
import { UnitsModule } from '../units/units.module.js';
import { UsersModule } from '../users/users.module.js';
import { NotificationChannelsController } from './notification-channels.controller.js';
import { NotificationChannelsService } from './notification-channels.service.js';
import { NotificationChannel } from './notification-channel.entity.js';
import { Notification } from './notification.entity.js';
import { NotificationsController } from './notifications.controller.js';
import { OUTBOUND_QUEUE, outboundJobOptions } from './notifications.constants.js';
import { NotificationsService } from './notifications.service.js';
import { OutboundDeliveriesController } from './outbound-deliveries.controller.js';
import { OutboundDeliveriesService } from './outbound-deliveries.service.js';
import { OutboundDelivery } from './outbound-delivery.entity.js';
import { OutboundDispatch } from './outbound-dispatch.service.js';

/**
 * Notifications, API side: the inbox, `notify` for other modules (inside their transaction),
 * channels and deliveries for admins, and the `outbound` queue to put deliveries on. The worker
 * side (processor, sweep) is NotificationsWorkerModule.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Notification, NotificationChannel, OutboundDelivery]),
    BullModule.registerQueueAsync({
      name: OUTBOUND_QUEUE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        defaultJobOptions: outboundJobOptions(config.outboundBackoffMs),
      }),
    }),
    UnitsModule,
    UsersModule,
  ],
  controllers: [
    NotificationsController,
    NotificationChannelsController,
    OutboundDeliveriesController,
  ],
  providers: [
    NotificationsService,
    NotificationChannelsService,
    OutboundDeliveriesService,
    OutboundDispatch,
  ],
  exports: [NotificationsService, OutboundDispatch, TypeOrmModule, BullModule],
})
export class NotificationsModule {}
