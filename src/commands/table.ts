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
import { cleanUpRepository, runSavedRetention } from './retention/cleanUpRepository';
import { showSize } from './retention/showSize';
import { createProject, deleteProject, setProjectPrivate, setProjectPublic, setProjectQuota } from './projectCommands';
import { addMember, changeMemberRole, manageMembers, removeMember } from './memberCommands';
import { createRobot, deleteRobot, manageRobots, refreshRobotSecret, systemRobots, toggleRobot } from './robotCommands';
import { editSystemCveAllowlist, vulnerabilitySettings } from './policy/vulnerabilitySettings';
import { addImmutabilityRule, removeImmutabilityRule, showImmutabilityRules } from './policy/immutabilityCommands';
import { addLabel, createLabel, removeLabel } from './policy/labelCommands';
import { showAuditLog } from './policy/auditLog';
import { showReplication } from './policy/replication';
import { promote } from './policy/promote';
import { addRepository, removePinnedRepository } from './pinnedRepositories';
import { showServerScanFindings } from './serverScanCommands';
import { runServerRetention, showServerRetention } from './retention/serverRetentionCommands';
import { compareScanResults } from './compareScans';
import { showSbom, showSbomDocument } from './sbomCommands';

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
  'registryExplorer.cleanUpRepository': cleanUpRepository,
  'registryExplorer.runSavedRetention': runSavedRetention,
  'registryExplorer.showSize': showSize,
  'registryExplorer.createProject': createProject,
  'registryExplorer.setProjectPublic': setProjectPublic,
  'registryExplorer.setProjectPrivate': setProjectPrivate,
  'registryExplorer.setProjectQuota': setProjectQuota,
  'registryExplorer.deleteProject': deleteProject,
  'registryExplorer.manageMembers': manageMembers,
  'registryExplorer.addMember': addMember,
  'registryExplorer.changeMemberRole': changeMemberRole,
  'registryExplorer.removeMember': removeMember,
  'registryExplorer.manageRobots': manageRobots,
  'registryExplorer.systemRobots': systemRobots,
  'registryExplorer.createRobot': createRobot,
  'registryExplorer.toggleRobot': toggleRobot,
  'registryExplorer.refreshRobotSecret': refreshRobotSecret,
  'registryExplorer.deleteRobot': deleteRobot,
  'registryExplorer.vulnerabilitySettings': vulnerabilitySettings,
  'registryExplorer.editSystemCveAllowlist': editSystemCveAllowlist,
  'registryExplorer.showImmutabilityRules': showImmutabilityRules,
  'registryExplorer.addImmutabilityRule': addImmutabilityRule,
  'registryExplorer.removeImmutabilityRule': removeImmutabilityRule,
  'registryExplorer.addLabel': addLabel,
  'registryExplorer.removeLabel': removeLabel,
  'registryExplorer.createLabel': createLabel,
  'registryExplorer.showAuditLog': showAuditLog,
  'registryExplorer.showReplication': showReplication,
  'registryExplorer.promote': promote,
  'registryExplorer.addRepository': addRepository,
  'registryExplorer.removePinnedRepository': removePinnedRepository,
  'registryExplorer.showServerScanFindings': showServerScanFindings,
  'registryExplorer.showServerRetention': showServerRetention,
  'registryExplorer.runServerRetention': runServerRetention,
  'registryExplorer.compareScanResults': compareScanResults,
  'registryExplorer.showSbom': showSbom,
  'registryExplorer.showSbomDocument': showSbomDocument,
};
