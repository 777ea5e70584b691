// The planner's reasons (src/retention/planRetention.ts) in the user's language.
import * as vscode from 'vscode';
import type { RetentionReason } from '../../retention/planRetention';
import { shortDigest } from '../../tree/format';

export function reasonLabel(r: RetentionReason): string {
  switch (r.rule) {
    case 'newest': return vscode.l10n.t('among the newest (#{0})', r.rank);
    case 'newerThan': return vscode.l10n.t('newer than {0} days', r.days);
    case 'protected': return vscode.l10n.t('protected: {0} matches {1}', r.tag, r.pattern);
    case 'immutable': return vscode.l10n.t('immutable tag {0}', r.tag);
    case 'unknownAge': return vscode.l10n.t('creation time unknown');
    case 'childOf': return vscode.l10n.t('part of the kept index {0}', r.tags.join(', ') || shortDigest(r.digest));
    case 'subjectKept': return vscode.l10n.t('attached to the kept image {0}', shortDigest(r.subject));
    case 'subjectUnknown': return vscode.l10n.t('attached to {0}, which is not in this repository', shortDigest(r.subject));
  }
}
