import type { PeriodCell } from '../periods/period-cell.js';
import { toVietnamDateTime } from '../tasks/deadlines.js';
import type {
  CarriedDownCompliance,
  ComplianceRow,
  ComplianceOverview,
  DirectiveCompliance,
  PeriodGrid,
  PeriodGridColumn,
  UnitsCompliance,
} from './compliance.types.js';
import type { ExportColumn, ExportTable } from './compliance-export.js';

/** The figure columns every compliance table shares, after its own leading columns. */
function figureColumns<Row extends ComplianceRow>(): ExportColumn<Row>[] {
  return [
    { header: 'Loại', width: 10, value: (row) => (row.requested ? 'Đề nghị' : 'Giao') },
    { header: 'Tổng số', width: 9, type: 'number', value: (row) => row.total },
    {
      header: 'Hoàn thành đúng hạn',
      width: 12,
      type: 'number',
      value: (row) => row.completedOnTime,
    },
    { header: 'Hoàn thành quá hạn', width: 12, type: 'number', value: (row) => row.completedLate },
    {
      header: 'Đang thực hiện trong hạn',
      width: 12,
      type: 'number',
      value: (row) => row.inProgressOnTime,
    },
    { header: 'Quá hạn chưa hoàn thành', width: 12, type: 'number', value: (row) => row.overdue },
    { header: 'Chưa tiếp nhận', width: 10, type: 'number', value: (row) => row.notReceived },
    { header: 'Tỷ lệ hoàn thành', width: 11, type: 'rate', value: (row) => row.completionRate },
    { header: 'Tỷ lệ đúng hạn', width: 11, type: 'rate', value: (row) => row.onTimeRate },
    {
      header: 'Số ngày quá hạn (lớn nhất)',
      width: 12,
      type: 'number',
      value: (row) => row.daysOverdueMax,
    },
    {
      header: 'Tổng số ngày quá hạn',
      width: 12,
      type: 'number',
      value: (row) => row.daysOverdueSum,
    },
    { header: 'Mức đôn đốc', width: 10, type: 'number', value: (row) => row.escalationLevel },
    { header: 'Hoạt động gần nhất', width: 18, type: 'date', value: (row) => row.lastActivityAt },
  ];
}

type AssignmentRow = DirectiveCompliance['assignments'][number];
type UnitRow = DirectiveCompliance['units'][number];
type RankedRow = UnitsCompliance['items'][number];

export function directiveTables(data: DirectiveCompliance): ExportTable[] {
  return [
    {
      title: 'Theo đơn vị',
      columns: [
        { header: 'Mã đơn vị', width: 22, value: (row: UnitRow) => row.unit.code },
        { header: 'Đơn vị', width: 40, value: (row: UnitRow) => row.unit.name },
        ...figureColumns<UnitRow>(),
      ],
      rows: data.units,
    },
    {
      title: 'Theo nhiệm vụ',
      columns: [
        { header: 'Mục', width: 6, value: (row: AssignmentRow) => row.assignment.label },
        { header: 'Nhiệm vụ', width: 60, value: (row: AssignmentRow) => row.assignment.text },
        ...figureColumns<AssignmentRow>(),
      ],
      rows: data.assignments,
    },
    ...(data.carriedDown ? [chainTable(data.carriedDown)] : []),
  ];
}

/** A unit's row of a carried-down directive, with where it sits in the chain. */
type ChainUnitRow = UnitRow & { node: CarriedDownCompliance };

/** `depth=all`: every unit of every carried-down directive, in the chain's order (depth first). */
function chainTable(chain: CarriedDownCompliance[]): ExportTable {
  const rows: ChainUnitRow[] = [];
  const visit = (node: CarriedDownCompliance) => {
    for (const unit of node.units) rows.push({ ...unit, node });
    node.carriedDown.forEach(visit);
  };
  chain.forEach(visit);
  return {
    title: 'Triển khai',
    columns: [
      { header: 'Cấp', width: 5, type: 'number', value: (row: ChainUnitRow) => row.node.depth },
      {
        header: 'Đơn vị triển khai',
        width: 30,
        value: (row: ChainUnitRow) => row.node.task.unit.name,
      },
      { header: 'Văn bản', width: 18, value: (row: ChainUnitRow) => row.node.directive.number },
      { header: 'Mã đơn vị', width: 22, value: (row: ChainUnitRow) => row.unit.code },
      { header: 'Đơn vị', width: 40, value: (row: ChainUnitRow) => row.unit.name },
      ...figureColumns<ChainUnitRow>(),
    ],
    rows,
  };
}

const CLASSIFICATION = { praise: 'Khen', criticism: 'Phê bình' } as const;

export function unitsTables(data: UnitsCompliance): ExportTable[] {
  return [
    {
      title: `Xếp hạng ${data.from} – ${data.to}`.replace(/[:\\/?*[\]]/g, '-'),
      columns: [
        { header: 'Hạng', width: 6, type: 'number', value: (row: RankedRow) => row.rank },
        { header: 'Mã đơn vị', width: 22, value: (row: RankedRow) => row.unit.code },
        { header: 'Đơn vị', width: 40, value: (row: RankedRow) => row.unit.name },
        {
          header: 'Số văn bản',
          width: 9,
          type: 'number',
          value: (row: RankedRow) => row.directives,
        },
        ...figureColumns<RankedRow>(),
        {
          header: 'Xếp loại',
          width: 10,
          value: (row: RankedRow) => (row.classification ? CLASSIFICATION[row.classification] : ''),
        },
      ],
      rows: data.items,
    },
  ];
}

type OpenRow = ComplianceOverview['openDirectives'][number];
type OverdueRow = ComplianceOverview['overdueTasks'][number];
type EscalationRow = ComplianceOverview['recentEscalations'][number];

export function overviewTables(data: ComplianceOverview): ExportTable[] {
  return [
    {
      title: 'Văn bản đang thực hiện',
      columns: [
        { header: 'Số hiệu', width: 18, value: (row: OpenRow) => row.directive.number },
        { header: 'Trích yếu', width: 50, value: (row: OpenRow) => row.directive.subject },
        {
          header: 'Tình trạng',
          width: 12,
          value: (row: OpenRow) => (row.state === 'overdue' ? 'Có quá hạn' : 'Trong hạn'),
        },
        { header: 'Tổng số', width: 9, type: 'number', value: (row: OpenRow) => row.total },
        {
          header: 'Hoàn thành đúng hạn',
          width: 12,
          type: 'number',
          value: (row: OpenRow) => row.completedOnTime,
        },
        {
          header: 'Hoàn thành quá hạn',
          width: 12,
          type: 'number',
          value: (row: OpenRow) => row.completedLate,
        },
        {
          header: 'Đang thực hiện trong hạn',
          width: 12,
          type: 'number',
          value: (row: OpenRow) => row.inProgressOnTime,
        },
        {
          header: 'Quá hạn chưa hoàn thành',
          width: 12,
          type: 'number',
          value: (row: OpenRow) => row.overdue,
        },
        {
          header: 'Tỷ lệ hoàn thành',
          width: 11,
          type: 'rate',
          value: (row: OpenRow) => row.completionRate,
        },
      ],
      rows: data.openDirectives,
    },
    {
      title: 'Nhiệm vụ quá hạn',
      columns: [
        { header: 'Đơn vị', width: 40, value: (row: OverdueRow) => row.unit.name },
        { header: 'Số hiệu', width: 18, value: (row: OverdueRow) => row.directive.number },
        { header: 'Mục', width: 6, value: (row: OverdueRow) => row.assignment.label },
        { header: 'Hạn', width: 18, type: 'date', value: (row: OverdueRow) => row.dueAt },
        {
          header: 'Số ngày quá hạn',
          width: 10,
          type: 'number',
          value: (row: OverdueRow) => row.daysOverdue,
        },
        {
          header: 'Mức đôn đốc',
          width: 10,
          type: 'number',
          value: (row: OverdueRow) => row.escalationLevel,
        },
      ],
      rows: data.overdueTasks,
    },
    {
      title: 'Đôn đốc gần đây',
      columns: [
        {
          header: 'Thời điểm',
          width: 18,
          type: 'date',
          value: (row: EscalationRow) => row.firedAt,
        },
        { header: 'Mức', width: 6, type: 'number', value: (row: EscalationRow) => row.level },
        { header: 'Đơn vị', width: 40, value: (row: EscalationRow) => row.unit.name },
        { header: 'Số hiệu', width: 18, value: (row: EscalationRow) => row.directive.number },
      ],
      rows: data.recentEscalations,
    },
  ];
}

/** A period cell in words (and a symbol, so it never rests on colour alone). */
export const PERIOD_CELL_TEXT: Record<PeriodCell, { text: string; symbol: string }> = {
  on_time: { text: 'Đúng hạn', symbol: '✓' },
  late: { text: 'Muộn', symbol: '!' },
  missed: { text: 'Không báo cáo', symbol: '✗' },
  open: { text: 'Đang mở', symbol: '○' },
  not_due: { text: 'Chưa đến kỳ', symbol: '·' },
};

const dayMonth = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}`;

/** "Kỳ 24/11–27/11/2026, hạn 27/11 15:00": a column's span and due instant (Vietnam time). */
export function periodColumnLabel(column: PeriodGridColumn): string {
  const due = toVietnamDateTime(new Date(column.dueAt));
  return `Kỳ ${dayMonth(column.from)}–${dayMonth(column.to)}/${column.to.slice(0, 4)}, hạn ${dayMonth(due.slice(0, 10))} ${due.slice(11, 16)}`;
}

type GridRow = PeriodGrid['units'][number];

/** One sheet: a unit per row (worst first), its figures, then a column per period. */
export function periodGridTables(data: PeriodGrid): ExportTable[] {
  return [
    {
      title: 'Kỳ báo cáo',
      columns: [
        { header: 'Mã đơn vị', width: 22, value: (row: GridRow) => row.unit.code },
        { header: 'Đơn vị', width: 40, value: (row: GridRow) => row.unit.name },
        { header: 'Số kỳ đến hạn', width: 10, type: 'number', value: (row: GridRow) => row.due },
        { header: 'Đúng hạn', width: 9, type: 'number', value: (row: GridRow) => row.onTime },
        { header: 'Muộn', width: 9, type: 'number', value: (row: GridRow) => row.late },
        { header: 'Không báo cáo', width: 9, type: 'number', value: (row: GridRow) => row.missed },
        { header: 'Đang mở', width: 9, type: 'number', value: (row: GridRow) => row.open },
        { header: 'Chưa đến kỳ', width: 9, type: 'number', value: (row: GridRow) => row.notDue },
        {
          header: 'Tỷ lệ đúng hạn',
          width: 11,
          type: 'rate',
          value: (row: GridRow) => row.onTimeRate,
        },
        ...data.columns.map((column, index): ExportColumn<GridRow> => ({
          header: periodColumnLabel(column),
          width: 16,
          value: (row) => {
            const cell = row.cells[index];
            return cell ? PERIOD_CELL_TEXT[cell].text : '';
          },
        })),
      ],
      rows: data.units,
    },
  ];
}
