/**
 * The one command table: command id → handler. `extension.ts` registers every entry once,
 * binding the handler to the shared `Ctx` (src/editorContext.ts). Every id here is also listed in
 * package.json `contributes.commands` (the host test checks both directions).
 */
import * as vscode from 'vscode';
import type { CommandHandler } from '../editorContext';
import { addRegistry, editRegistry, reconnect, removeRegistry, renameRegistry } from './addRegistry';
import { importFromDocker } from './importFromDocker';
import { clearFilter, filter, goToTag, loadMore, refresh, refreshAll, retry, showLog, sortTags } from './treeCommands';
import { copyDigestReference, copyPullCommand, copyReference, copyTo, inspect, inspectConfig, pull, retag, searchDockerHub } from './imageCommands';
import { deleteArtifact, deleteRepository, deleteTag } from './deleteCommands';
import { buildAndPush } from './buildAndPush/buildAndPush';
import { pushLocalImage } from './buildAndPush/pushLocalImage';
import { openScanReportFile, scanImage, showScanReport } from './scan';
import { openSbom, verifySignature } from './signatureCommands';

export const commandTable: Record<string, CommandHandler> = {
  'registryExplorer.addRegistry': addRegistry,
  'registryExplorer.editRegistry': editRegistry,
  'registryExplorer.renameRegistry': renameRegistry,
  'registryExplorer.removeRegistry': removeRegistry,
  'registryExplorer.reconnect': reconnect,
  'registryExplorer.importFromDocker': importFromDocker,
  'registryExplorer.refresh': refresh,
  'registryExplorer.refreshAll': refreshAll,
  'registryExplorer.loadMore': loadMore,
  'registryExplorer.retry': retry,
  'registryExplorer.filter': filter,
  'registryExplorer.clearFilter': clearFilter,
  'registryExplorer.goToTag': goToTag,
  'registryExplorer.sortTags': sortTags,
  'registryExplorer.copyReference': copyReference,
  'registryExplorer.copyDigestReference': copyDigestReference,
  'registryExplorer.copyPullCommand': copyPullCommand,
  'registryExplorer.pull': pull,
  'registryExplorer.inspect': inspect,
  'registryExplorer.inspectConfig': inspectConfig,
  'registryExplorer.retag': retag,
  'registryExplorer.copyTo': copyTo,
  'registryExplorer.deleteTag': deleteTag,
  'registryExplorer.deleteArtifact': deleteArtifact,
  'registryExplorer.deleteRepository': deleteRepository,
  'registryExplorer.searchDockerHub': searchDockerHub,
  'registryExplorer.showLog': showLog,
  'registryExplorer.buildAndPush': (ctx, uri, args) => buildAndPush(ctx, uri instanceof vscode.Uri ? uri : undefined, args),
  'registryExplorer.pushLocalImage': pushLocalImage,
  'registryExplorer.scan': scanImage,
  'registryExplorer.openScanReport': showScanReport,
  'registryExplorer.openTrivyJson': openScanReportFile,
  'registryExplorer.verifySignature': verifySignature,
  'registryExplorer.openSbom': openSbom,
};
