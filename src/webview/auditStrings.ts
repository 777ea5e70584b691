// The audit page's words, through the caller's translate function: vscode.l10n.t in the panel, the zh-cn bundle
// or the English source in the browser tests (so both show exactly these strings). No 'vscode' import here.
import type { AuditStrings } from './auditProtocol';

export function auditStrings(t: (message: string) => string): AuditStrings {
  return {
    heading: t('Audit log'), user: t('User'), resource: t('Resource'), operation: t('Operation'),
    anyOperation: t('Any operation'), resourceType: t('Resource type'), anyType: t('Any type'),
    from: t('From'), to: t('To'), apply: t('Apply'), clear: t('Clear'),
    previous: t('Previous'), next: t('Next'), range: t('{0}–{1} of {2}'), rangeOpen: t('{0}–{1}'),
    empty: t('No entries match.'), loading: t('Loading…'), time: t('Time'), failed: t('Could not load the audit log: {0}'),
    operations: { create: t('create'), delete: t('delete'), pull: t('pull'), update: t('update') },
  };
}
