/**
 * Plain data the document renderers take: what a compliance computation provides, already
 * chosen and worded. Dates are calendar dates (YYYY-MM-DD); a deadline may carry a time
 * (YYYY-MM-DDTHH:mm). Rates are ratios (0–1).
 */

/** The letter being reported on or pressed for. */
export interface DocumentDirective {
  /** "451/UBND-VHTT" */
  number: string;
  /** "Ủy ban nhân dân huyện An Thi" */
  issuer: string;
  /** "đẩy mạnh tuyên truyền cài đặt, sử dụng ứng dụng Bluezone" */
  subject: string;
  issuedOn: string;
}

/** Who signs: "Phạm Văn Huế", "Phó Chủ tịch", "KT. Chủ tịch". */
export interface DocumentSigner {
  name: string;
  position: string;
  /** "KT. Chủ tịch" when a deputy signs for the head; null when the head signs. */
  capacity: string | null;
}

/** The four categories of government reporting, and completed ÷ (completed + overdue). */
export interface ComplianceCountsInput {
  total: number;
  completedOnTime: number;
  completedLate: number;
  inProgressOnTime: number;
  overdue: number;
  completionRate: number | null;
}

export interface UnitRowInput extends ComplianceCountsInput {
  unitName: string;
}

export interface LateTaskInput {
  /** The part's label in the letter: "1", "II". */
  label: string;
  /** The part's instruction (shortened when long). */
  text: string;
  deadline: string | null;
  daysLate: number;
}

export interface LateUnitInput {
  unitName: string;
  tasks: LateTaskInput[];
  /** What the unit said about the delay, if anything. */
  reason?: string | null;
}

/** What every official document (văn bản hành chính, Nghị định 30/2020/NĐ-CP) carries. */
export interface OfficialDocumentInput {
  /** The issuing body, e.g. "Ủy ban nhân dân huyện An Thi" (printed upper-case). */
  issuingBody: string;
  /** The collective signed for: "Ủy ban nhân dân" gives "TM. ỦY BAN NHÂN DÂN". */
  collective: string;
  /** Where it is issued: "An Thi". */
  place: string;
  /** The date of the document. */
  date: string;
  signer: DocumentSigner;
  /** Nơi nhận, after "Như trên" where it applies; default: the chair's office and the archive. */
  recipients?: string[];
  directive: DocumentDirective;
}

/** Báo cáo kết quả thực hiện Công văn số … */
export interface ReportInput extends OfficialDocumentInput {
  totals: ComplianceCountsInput;
  units: UnitRowInput[];
  lateUnits: LateUnitInput[];
}

/** Công văn đôn đốc: to exactly the late units, with their overdue tasks. */
export interface UrgingLetterInput extends OfficialDocumentInput {
  lateUnits: LateUnitInput[];
  /** Finish and report by this date. */
  replyBy: string;
}
