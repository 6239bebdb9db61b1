import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UnitGroup } from './unit-group.entity.js';
import { UnitGroupsController } from './unit-groups.controller.js';
import { UnitGroupsService } from './unit-groups.service.js';
import { Unit } from './unit.entity.js';
import { UnitResolverService } from './unit-resolver.service.js';
import { UnitsController } from './units.controller.js';
import { UnitsService } from './units.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Unit, UnitGroup])],
  controllers: [UnitsController, UnitGroupsController],
  providers: [UnitsService, UnitGroupsService, UnitResolverService],
  exports: [UnitsService, UnitGroupsService, UnitResolverService],
})
export class UnitsModule {}
