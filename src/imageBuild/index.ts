/** Build and push images with docker, podman or buildah: plain Node, no `vscode`. */
export * from './types';
export * from './detect';
export * from './commandLine';
export * from './auth';
export * from './runner';
export * from './steps';
export * from './mask';
export * from './tags';
export * from './localImages';
export * from './pipeline';
export * from './dockerfile';
export * from './target';
