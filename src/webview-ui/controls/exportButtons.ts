// Export JSON / CSV / SARIF: the host writes the file; the page says which findings it shows.
import { post } from '../host';
import { page } from '../page';
import { filterFindings } from '../view';
import type { Control } from './elements';
import { t } from '../i18n';

export function exportButtons(): Control {
  const buttons = (['json', 'csv', 'sarif'] as const).map((format) => {
    const b = document.createElement('vscode-button');
    b.setAttribute('secondary', '');
    b.dataset.export = format;
    b.textContent = t('Export {0}', format.toUpperCase());
    // What the table shows goes to the file; the host offers all findings when a filter hides some.
    b.addEventListener('click', () => post({ type: 'export', format, shown: page.report ? filterFindings(page.report.findings, page.index, page.state).map((f) => f.key) : undefined }));
    return b;
  });
  return { els: buttons, sync: () => undefined };
}
