import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/access/access.decorators.js';
import { toCsv, toXlsx } from '../compliance/compliance-export.js';
import {
  PERIOD_CELL_TEXT,
  periodColumnLabel,
  periodGridTables,
} from '../compliance/compliance-tables.js';
import { PeriodGridService } from '../compliance/period-grid.service.js';
import { PERIOD_CELLS } from '../periods/period-cell.js';
import {
  type ComplianceCounts,
  type ComplianceFigures,
  figures,
} from '../compliance/compliance-figures.js';
import { ComplianceOverviewService } from '../compliance/compliance-overview.service.js';
import { directiveTables } from '../compliance/compliance-tables.js';
import { ComplianceReportData } from '../compliance/compliance.report-data.js';
import { ComplianceService } from '../compliance/compliance.service.js';
import type {
  CarriedDownCompliance,
  ComplianceOverview,
  DirectiveCompliance,
  PeriodGrid,
  UnitComplianceRow,
} from '../compliance/compliance.types.js';
import { DocumentsService, type RenderedDocument } from '../documents/documents.service.js';
import { EscalationsService } from '../escalation/escalations.service.js';
import type { TargetProgressDto, TargetTrendDto } from '../targets/targets.dto.js';
import { TargetsService } from '../targets/targets.service.js';
import { type TaskLine, TasksService } from '../tasks/tasks.service.js';
import { formatDate, formatPercent } from './format.js';
import { vi } from './i18n/vi.js';

/** The four categories' colours, the same on every chart (AA against white). */
const CATEGORY_COLOURS = {
  completedOnTime: '#1e6b34',
  completedLate: '#8a5300',
  inProgressOnTime: '#0b57a4',
  overdue: '#b3261e',
} as const;
const CATEGORIES = [
  ['completedOnTime', 'completed_on_time'],
  ['completedLate', 'completed_late'],
  ['inProgressOnTime', 'in_progress_on_time'],
  ['overdue', 'overdue'],
] as const;

export interface UnitRowView extends UnitComplianceRow {
  /** The row's tasks (a unit may lead one part and coordinate another). */
  tasks: TaskLine[];
}

export interface TargetView extends TargetProgressDto {
  chartSize: ChartSize;
  unitsChart: object;
  historyChart: object;
}

export type ChartSize = 's' | 'm' | 'l' | 'xl';

/** How tall a chart of `rows` horizontal bars must be to stay readable on a phone. */
export function chartSize(rows: number): ChartSize {
  return rows <= 6 ? 's' : rows <= 15 ? 'm' : rows <= 30 ? 'l' : 'xl';
}

/**
 * What the chair's pages read: the compliance overview, one directive's compliance with its
 * tasks, targets, late units and escalations, and the exports — all through the services the
 * API uses (the page controller admits the same roles as the API's routes).
 */
@Injectable()
export class CompliancePagesService {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly overviews: ComplianceOverviewService,
    private readonly reportData: ComplianceReportData,
    private readonly targets: TargetsService,
    private readonly tasks: TasksService,
    private readonly escalations: EscalationsService,
    private readonly documents: DocumentsService,
    private readonly periodGrids: PeriodGridService,
  ) {}

  /**
   * Kỳ báo cáo: the period grid over a range (default: this quarter), the legend, and each
   * target's trend by period (a table, and an inline SVG line of the district's figure).
   */
  async periodGrid(id: string, from: string | undefined, to: string | undefined, user: AuthUser) {
    const grid = await this.periodGrids.grid(id, from, to, user);
    const trends = await this.targets.trend(id, grid.from, grid.to, user);
    return {
      grid,
      columnLabels: grid.columns.map(periodColumnLabel),
      legend: PERIOD_CELLS.map((cell) => ({ cell, ...PERIOD_CELL_TEXT[cell] })),
      cellText: PERIOD_CELL_TEXT,
      trends: trends.targets.map((trend) => ({ ...trend, chart: trendChart(trend) })),
    };
  }

  async periodGridCsv(
    id: string,
    from: string | undefined,
    to: string | undefined,
    user: AuthUser,
  ) {
    const data = await this.periodGrids.grid(id, from, to, user);
    return { data, body: toCsv(periodGridTables(data)) };
  }

  async periodGridXlsx(
    id: string,
    from: string | undefined,
    to: string | undefined,
    user: AuthUser,
  ): Promise<{ data: PeriodGrid; body: Buffer }> {
    const data = await this.periodGrids.grid(id, from, to, user);
    return { data, body: await toXlsx(periodGridTables(data)) };
  }

  async overview(user: AuthUser) {
    const [overview, attention] = await Promise.all([
      this.overviews.overview(user),
      this.escalations.attention(user),
    ]);
    return { overview, lateUnits: lateUnitsOf(overview), attention: attention.slice(0, 20) };
  }

  /** The directive's compliance page (404 for an unknown or unpublished directive). */
  async directive(id: string, user: AuthUser) {
    const { governed } = await this.compliance.visibleDirective(id, user);
    // depth=all: the chair drills down the chain of committees from here.
    const data = await this.compliance.directive(id, user, 'all');
    const [tasks, targets, report, escalations] = await Promise.all([
      this.tasks.linesForDirective(id, user, governed),
      this.targets.progress(id, user),
      this.reportData.directiveReportData(id),
      this.escalations.forDirective(id, user, 30),
    ]);
    const byRow = new Map<string, TaskLine[]>();
    for (const task of tasks) {
      const key = `${task.unitId}:${task.requested}`;
      byRow.set(key, [...(byRow.get(key) ?? []), task]);
    }
    const units: UnitRowView[] = data.units.map((row) => ({
      ...row,
      tasks: byRow.get(`${row.unit.id}:${row.requested}`) ?? [],
    }));
    return {
      compliance: data,
      chain: chainRows(data.carriedDown ?? []),
      units,
      unitsChart: unitsChart(units),
      chartSize: chartSize(units.length),
      targets: targets.targets.map((target): TargetView => ({
        ...target,
        chartSize: chartSize(target.units.length),
        unitsChart: targetUnitsChart(target),
        historyChart: targetHistoryChart(target),
      })),
      // The report covers every unit; a receiving body's page names only the units it sees.
      lateUnits: governed
        ? report.lateUnits
        : report.lateUnits.filter((late) => units.some((row) => row.unit.id === late.unit.id)),
      escalations,
    };
  }

  async csv(id: string, user: AuthUser): Promise<{ data: DirectiveCompliance; body: string }> {
    const data = await this.compliance.directive(id, user);
    return { data, body: toCsv(directiveTables(data)) };
  }

  async xlsx(id: string, user: AuthUser): Promise<{ data: DirectiveCompliance; body: Buffer }> {
    const data = await this.compliance.directive(id, user);
    return { data, body: await toXlsx(directiveTables(data)) };
  }

  report(id: string, user: AuthUser, depth: 'all' | null = null): Promise<RenderedDocument> {
    return this.documents.report(id, user, depth);
  }
}

/**
 * The chain as the page's table: every carried-down directive depth first (each under the task
 * it carries down), with its orders and requests together.
 */
export function chainRows(chain: CarriedDownCompliance[]) {
  const rows: Array<{
    directive: CarriedDownCompliance['directive'];
    task: CarriedDownCompliance['task'];
    depth: number;
    figures: ComplianceFigures;
  }> = [];
  const visit = (node: CarriedDownCompliance) => {
    const { orders, requests } = node.totals;
    const sum = (key: keyof ComplianceCounts) => orders[key] + requests[key];
    rows.push({
      directive: node.directive,
      task: node.task,
      depth: node.depth,
      figures: figures({
        total: sum('total'),
        completedOnTime: sum('completedOnTime'),
        completedLate: sum('completedLate'),
        inProgressOnTime: sum('inProgressOnTime'),
        overdue: sum('overdue'),
        notReceived: sum('notReceived'),
        daysOverdueMax: Math.max(orders.daysOverdueMax, requests.daysOverdueMax),
        daysOverdueSum: sum('daysOverdueSum'),
      }),
    });
    node.carriedDown.forEach(visit);
  };
  chain.forEach(visit);
  return rows;
}

/** Overdue tasks grouped by unit, the most days late first. */
export function lateUnitsOf(overview: ComplianceOverview) {
  const byUnit = new Map<
    string,
    {
      unit: { id: string; code: string; name: string };
      tasks: number;
      maxDays: number;
      directives: Map<string, { id: string; number: string | null }>;
    }
  >();
  for (const task of overview.overdueTasks) {
    const entry = byUnit.get(task.unit.id) ?? {
      unit: task.unit,
      tasks: 0,
      maxDays: 0,
      directives: new Map(),
    };
    entry.tasks++;
    entry.maxDays = Math.max(entry.maxDays, task.daysOverdue);
    entry.directives.set(task.directive.id, task.directive);
    byUnit.set(task.unit.id, entry);
  }
  return [...byUnit.values()]
    .sort((a, b) => b.maxDays - a.maxDays || b.tasks - a.tasks)
    .map((entry) => ({ ...entry, directives: [...entry.directives.values()] }));
}

const labels = vi.compliancePages;

/** A unit's name on a chart's axis, without the "Ủy ban nhân dân" every commune shares. */
export function shortName(name: string): string {
  return name.replace(/^Ủy ban nhân dân\s+/iu, '') || name;
}

function unitLabel(row: UnitComplianceRow): string {
  const name = shortName(row.unit.name);
  return row.requested ? `${name} (${labels.requestedMark})` : name;
}

/** A stacked horizontal bar per unit: its tasks in the four categories. */
export function unitsChart(rows: UnitComplianceRow[]): object {
  return {
    type: 'bar',
    data: {
      labels: rows.map(unitLabel),
      datasets: CATEGORIES.map(([key, category]) => ({
        label: vi.category[category],
        data: rows.map((row) => row[key]),
        backgroundColor: CATEGORY_COLOURS[key],
        stack: 'tasks',
      })),
    },
    options: {
      indexAxis: 'y',
      locale: 'vi-VN',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: true },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

/** Each unit's percentage as a bar, and the target as a line across them. */
export function targetUnitsChart(target: TargetProgressDto): object {
  const goal = target.target?.percent ?? null;
  return {
    type: 'bar',
    data: {
      labels: target.units.map((unit) => shortName(unit.name)),
      datasets: [
        {
          type: 'bar',
          label: `${target.indicator} (%)`,
          data: target.units.map((unit) => unit.percent),
          backgroundColor: target.units.map((unit) =>
            unit.met ? CATEGORY_COLOURS.completedOnTime : CATEGORY_COLOURS.overdue,
          ),
          order: 2,
        },
        // No line without a rate to reach.
        ...(goal === null
          ? []
          : [
              {
                type: 'line',
                label: labels.targetLine(formatPercent(goal / 100, 0)),
                data: target.units.map(() => goal),
                borderColor: '#1b1f24',
                borderDash: [6, 4],
                borderWidth: 2,
                pointRadius: 0,
                fill: false,
                order: 1,
              },
            ]),
      ],
    },
    options: {
      indexAxis: 'y',
      locale: 'vi-VN',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { min: 0, max: 100, title: { display: true, text: '%' } } },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

/** The district's percentage over time (baseline, then each report date) against the target. */
export function targetHistoryChart(target: TargetProgressDto): object {
  const goal = target.target?.percent ?? null;
  return {
    type: 'line',
    data: {
      labels: target.history.map((point) => formatDate(point.date)),
      datasets: [
        {
          label: `${target.indicator} (%)`,
          data: target.history.map((point) => point.percent),
          borderColor: CATEGORY_COLOURS.inProgressOnTime,
          backgroundColor: CATEGORY_COLOURS.inProgressOnTime,
          tension: 0,
        },
        ...(goal === null
          ? []
          : [
              {
                label: labels.targetLine(formatPercent(goal / 100, 0)),
                data: target.history.map(() => goal),
                borderColor: '#1b1f24',
                borderDash: [6, 4],
                pointRadius: 0,
              },
            ]),
      ],
    },
    options: {
      locale: 'vi-VN',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

/** An inline SVG line of the district's figure per period: percent when known, else the value. */
export function trendChart(trend: TargetTrendDto): {
  width: number;
  height: number;
  points: Array<{ x: number; y: number; label: string }>;
  line: string;
  percent: boolean;
  max: number;
} {
  const width = 640;
  const height = 180;
  const pad = 24;
  const percent = trend.totals.some((point) => point.percent !== null);
  const values = trend.totals.map((point) => (percent ? point.percent : point.value));
  const max = percent ? 100 : Math.max(1, ...values.map((value) => value ?? 0));
  const step = trend.totals.length > 1 ? (width - 2 * pad) / (trend.totals.length - 1) : 0;
  const points = values.flatMap((value, i) =>
    value === null
      ? []
      : [
          {
            x: Math.round(pad + i * step),
            y: Math.round(height - pad - (value / max) * (height - 2 * pad)),
            label: percent ? formatPercent(value / 100) : String(value),
          },
        ],
  );
  return {
    width,
    height,
    points,
    line: points.map((point) => `${point.x},${point.y}`).join(' '),
    percent,
    max,
  };
}
