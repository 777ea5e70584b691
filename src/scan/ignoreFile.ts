// Finds the `.trivyignore` that applies: the first of the given folders that has one (Build and Push: the build
// context, then the workspace folder; Scan Image: the workspace folders). Trivy itself reads `.trivyignore` from
// its working directory; the extension has no such directory, so it names the folders it looks in.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTrivyIgnore, type IgnoreRule } from './ignore';

export async function readTrivyIgnore(folders: readonly string[]): Promise<IgnoreRule[]> {
  for (const dir of folders) {
    const file = join(dir, '.trivyignore');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    return parseTrivyIgnore(text, file);
  }
  return [];
}
