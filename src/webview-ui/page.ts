// Everything the report page knows, in one object: the filters (kept with setState), the report and what is
// derived from it, and the parts of the DOM that change after the page is built.
import { FINDING_KINDS, SEVERITIES, type Finding, type ScanReport, type Severity } from '../scan/model';
import type { PageState } from '../webview/protocol';
import type { Controls } from './controls/toolbar';
import { savedState } from './host';
import { defaultState, type Row } from './view';
import type { VirtualList } from './virtualList';

export interface Page {
  state: PageState;
  report?: ScanReport;
  /** Lower-cased search text per finding key (searchIndex). */
  index: string[];
  /** Findings by key. */
  byKey: Finding[];
  /** The rows the table shows now (groups and findings). */
  rows: Row[];
  list?: VirtualList<Row>;
  status?: HTMLElement;
  detail?: HTMLElement;
  controls?: Controls;
}

export const page: Page = { state: restoreState(savedState()), index: [], byKey: [], rows: [] };

/** The saved state, field by field: anything missing or malformed (an older page, a bad value) gets its default. */
export function restoreState(raw: unknown): PageState {
  const d = defaultState();
  if (typeof raw !== 'object' || raw === null) return d;
  const r = raw as Partial<PageState>;
  return {
    severities: Array.isArray(r.severities) ? r.severities.filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s)) : d.severities,
    kind: r.kind && (r.kind === 'all' || (FINDING_KINDS as readonly string[]).includes(r.kind)) ? r.kind : d.kind,
    fixableOnly: r.fixableOnly === true,
    pkg: typeof r.pkg === 'string' ? r.pkg : '',
    text: typeof r.text === 'string' ? r.text : '',
    sort: r.sort && ['severity', 'cvss', 'package', 'id'].includes(r.sort) ? r.sort : d.sort,
    group: r.group && ['none', 'package', 'target'].includes(r.group) ? r.group : d.group,
    collapsed: Array.isArray(r.collapsed) ? r.collapsed.filter((c): c is string => typeof c === 'string') : [],
    selected: typeof r.selected === 'number' ? r.selected : undefined,
    scrollTop: typeof r.scrollTop === 'number' ? r.scrollTop : 0,
  };
}
