import { Module } from '@nestjs/common';
import { DirectivesModule } from '../directives/directives.module.js';
import { UnitsModule } from '../units/units.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoLetters } from './demo-letters.js';
import { DemoSeeder } from './demo-seeder.js';

@Module({
  imports: [UnitsModule, UsersModule, DirectivesModule],
  providers: [DemoSeeder, DemoLetters],
  exports: [DemoSeeder, DemoLetters],
})
export class DemoModule {}
