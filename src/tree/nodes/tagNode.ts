import * as vscode from 'vscode';
import { TreeNode, type TreeEnv } from '../treeNode';
import { Reference } from '../../registry/index';
import { exactTime, formatSize, platformLabel, relativeTime, shortDigest } from '../format';
import { fromImageDetails, type PlatformInfo, type TagInfo } from '../tagInfo';
import { imageUri } from '../imageUri';
import { timeWords } from '../timeWords';
import { errorMessage } from '../../connections/classifyError';
import { ErrorNode } from './errorNode';
import { effectiveCapabilityWords, permissionContext } from '../projectWords';
import { PlatformNode } from './platformNode';
import type { RepositoryNode } from './repositoryNode';
import { AttachmentNode } from './attachmentNode';

/** A tag (or an untagged Harbor artifact). On v2 its details load lazily the first time it is rendered. */
export class TagNode extends TreeNode {
  private requested = false;
  private detailError: string | undefined;
  private missing = false;

  constructor(env: TreeEnv, readonly repo: RepositoryNode, public info: TagInfo, private readonly lazy: boolean) {
    super(env, repo, `${repo.id}/tag:${info.tag ?? info.digest}`);
    // Rows are rebuilt on every redraw (Load more, sort, filter): what this view already learned about the tag
    // is shown at once, with no request.
    if (lazy && info.tag) {
      const known = env.details.peekTag(repo.scope, info.tag);
      if (known) {
        this.requested = true;
        if (known.state === 'ok') this.info = { ...info, ...fromImageDetails(info.tag, known.details) };
        else if (known.state === 'missing') this.missing = true;
        else this.detailError = errorMessage(known.error);
      }
    }
  }

  get registryId(): string { return this.repo.registryId; }

  /** Tag reference (digest-pinned when the digest is known). */
  get reference(): Reference {
    const host = this.repo.registryNode.host;
    return new Reference(host, this.repo.info.repository, this.info.tag, this.info.digest);
  }

  private ensureDetails(): void {
    if (!this.lazy || this.requested || !this.info.tag) return;
    this.requested = true;
    const tag = this.info.tag;
    const ref = new Reference(this.repo.registryNode.host, this.repo.info.repository, tag);
    // Through the shared loader: a row rebuilt while this load runs joins it instead of sending another HEAD.
    this.env.details.loadTag(this.repo.scope, this.repo.backend.client, ref).then((d) => {
      if (d) this.info = { ...fromImageDetails(tag, d) };
      else this.missing = true;
      this.env.changed(this);
      this.repo.tagDetailsSettled(tag);
    }, (err: unknown) => {
      this.detailError = errorMessage(err);
      this.env.log.warn(`details ${ref.toString()}: ${this.detailError}`);
      this.env.changed(this);
      this.repo.tagDetailsSettled(tag);
    });
  }

  getTreeItem(): vscode.TreeItem {
    this.ensureDetails();
    const i = this.info;
    const label = i.tag ?? shortDigest(i.digest);
    const attached = this.attachmentTags;
    const collapsible = (i.isIndex && (i.platforms?.length ?? 0) !== 1) || attached ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(label, collapsible);
    item.id = this.id;
    const when = relativeTime(i.pushed ?? i.created, Date.now(), timeWords());
    const plats = i.platforms?.length ? (i.platforms.length > 2 ? vscode.l10n.t('{0} platforms', i.platforms.length) : i.platforms.map(platformLabel).join(', ')) : '';
    const waiting = this.lazy && !i.digest && !this.detailError && !this.missing;
    item.description = waiting ? '…'
      : this.missing ? vscode.l10n.t('not found')
      : this.detailError ? vscode.l10n.t('details unavailable')
      // An untagged row's label is already its digest: say it once.
      : [i.immutable ? vscode.l10n.t('immutable') : '', this.signatureWord(), i.tag ? shortDigest(i.digest) : '', formatSize(i.size), when, plats].filter(Boolean).join(' · ');
    // A tag an immutability rule protects carries a lock (Harbor Tag.immutable).
    item.iconPath = new vscode.ThemeIcon(i.immutable ? 'lock' : i.isIndex ? 'layers' : i.tag ? 'tag' : 'circle-outline');
    if (i.digest) item.resourceUri = imageUri(this.registryId, this.repo.info.repository, i.digest, i.tag);
    item.tooltip = this.tooltip();
    item.contextValue = `image tag ${effectiveCapabilityWords(this.project, this.repo.backend.caps, ['canDelete', 'canRetag', 'canScanServerSide', 'hasLabels'])}${i.tag ? '' : ' untagged'}${i.isIndex ? ' index' : ''}${i.immutable ? ' immutable' : ''}${i.labels?.length ? ' labeled' : ''}${permissionContext(this.project)}${attached?.has('sig') ? ' signed' : ''}${attached ? ' attached' : ''}`;
    return item;
  }

  /** Attachment tags of this digest in the loaded tag list (no request: the names say it). */
  private get attachmentTags(): ReadonlySet<string> | undefined {
    const set = new Set(this.repo.attachmentTagsOf(this.info.digest));
    // Harbor lists accessories with the artifact (with_accessory=true): a signature is known without a request too.
    for (const t of this.info.accessoryTypes ?? []) set.add(t.startsWith('signature.') ? 'sig' : t.startsWith('sbom.') ? 'sbom' : 'other');
    return set.size ? set : undefined;
  }

  /** The verification result when Verify Signature ran, else "signed" when a `.sig` tag exists. */
  private signatureWord(): string {
    const mark = this.env.verifications.get(this.registryId, this.repo.info.repository, this.info.digest);
    if (mark?.status === 'verified') return vscode.l10n.t('✓ verified');
    if (mark?.status === 'failed') return vscode.l10n.t('✗ verification failed');
    if (mark?.status === 'unsigned') return vscode.l10n.t('unsigned');
    return this.attachmentTags?.has('sig') ? vscode.l10n.t('signed') : '';
  }

  private tooltip(): vscode.MarkdownString {
    const i = this.info;
    const md = new vscode.MarkdownString();
    md.appendText(this.reference.familiar() + '\n');
    const row = (k: string, v: string | undefined) => { if (v) md.appendMarkdown(`\n\n${k}: `).appendText(v); };
    row(vscode.l10n.t('Digest'), i.digest);
    row(vscode.l10n.t('Media type'), i.mediaType);
    row(vscode.l10n.t('Size'), i.size !== undefined ? `${formatSize(i.size)} (${i.size} B)` : undefined);
    row(vscode.l10n.t('Created'), exactTime(i.created));
    row(vscode.l10n.t('Pushed'), exactTime(i.pushed));
    row(vscode.l10n.t('Platforms'), i.platforms?.map(platformLabel).join(', '));
    row(vscode.l10n.t('Other tags'), i.otherTags?.join(', '));
    row(vscode.l10n.t('Labels'), i.labels?.map((l) => l.name).join(', '));
    if (i.immutable) row(vscode.l10n.t('Immutable'), vscode.l10n.t('an immutability rule of the project protects this tag: it cannot be deleted or moved'));
    if (i.scan) row(vscode.l10n.t('Scan'), `${i.scan.status ?? ''} C:${i.scan.critical ?? 0} H:${i.scan.high ?? 0} M:${i.scan.medium ?? 0} L:${i.scan.low ?? 0}`);
    const mark = this.env.verifications.get(this.registryId, this.repo.info.repository, i.digest);
    row(vscode.l10n.t('Signature'), mark ? `${this.signatureWord()}: ${mark.reason}` : this.attachmentTags?.has('sig') ? vscode.l10n.t('signed (not verified yet: run Verify Signature)') : undefined);
    row(vscode.l10n.t('Error'), this.detailError);
    return md;
  }

  override async getChildren(): Promise<TreeNode[]> {
    try {
      let plats: PlatformInfo[] = (this.info.platforms ?? []).filter((p) => p.digest);
      if (!plats.length && this.info.isIndex) {
        const m = await this.repo.backend.client.getManifest(this.reference);
        plats = (m.manifests ?? []).map((d) => ({ os: d.platform?.os ?? '', architecture: d.platform?.architecture ?? '', variant: d.platform?.variant, digest: d.digest, size: d.size }));
      }
      const nodes: TreeNode[] = plats.map((p) => new PlatformNode(this.env, this, p));
      if (this.attachmentTags && this.info.digest) {
        // The cosign tags the list already named are read (one manifest each, for signer and date); with the whole
        // list loaded the absent ones are known to be absent and cost nothing.
        const list = await this.repo.backend.attachments(this.reference, { knownTags: this.repo.completeTagNames });
        for (const a of list) nodes.push(new AttachmentNode(this.env, this, a));
      }
      return nodes;
    } catch (err) {
      return [new ErrorNode(this.env, this, err)];
    }
  }
}
