// The one way a platform is written: "os/architecture[/variant]", as `docker --platform` and the OCI image-spec
// index's platform object (image-index.md, "platform") name it.
import type { Platform } from './types';

/** "linux/arm64/v8"; parts that are missing or empty are left out. */
export function platformString(p: Partial<Pick<Platform, 'os' | 'architecture' | 'variant'>>): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
