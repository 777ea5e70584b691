// The page's only line to the extension: messages to the host and the state VS Code keeps for the page
// while its tab is hidden (acquireVsCodeApi may be called once per page, so it is called here).
import type { PageMessage, PageState } from '../webview/protocol';
import type { SbomPageMessage } from '../webview/sbomProtocol';

interface VsCodeApi {
  postMessage(message: PageMessage | SbomPageMessage): void;
  getState(): unknown;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

export const post = (m: PageMessage | SbomPageMessage): void => vscode.postMessage(m);

/** What the page kept last time it was shown (unchecked: it is read through restoreState). */
export const savedState = (): unknown => vscode.getState();

/** Keeps `state` for the next time the page loads, at most every 150 ms (scrolling saves on every frame). */
export const saveState = ((): ((state: PageState) => void) => {
  let timer: number | undefined;
  return (state) => {
    clearTimeout(timer);
    timer = window.setTimeout(() => vscode.setState(state), 150);
  };
})();
