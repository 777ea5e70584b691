// One checkbox per severity: the table shows the checked ones.
import { SEVERITIES, type Severity } from '../../scan/model';
import { setState } from '../update';
import type { Control } from './elements';
import { t } from '../i18n';

export function severityFilter(): Control {
  const boxes = SEVERITIES.map((sev) => {
    const cb = document.createElement('vscode-checkbox');
    cb.setAttribute('label', t(sev));
    cb.dataset.severity = sev;
    cb.className = `sev-box sev-${sev.toLowerCase()}`;
    cb.addEventListener('change', () => {
      const on = SEVERITIES.filter((s) => boxes.find((b) => b.dataset.severity === s)?.checked);
      setState({ severities: on }, false);
    });
    return cb;
  });
  return {
    els: boxes,
    sync(state) {
      for (const b of boxes) b.checked = state.severities.includes(b.dataset.severity as Severity);
    },
  };
}
