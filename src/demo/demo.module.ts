import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoSeeder } from './demo-seeder.js';

@Module({
  imports: [UnitsModule, UsersModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
