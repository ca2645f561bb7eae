import { Manifest } from '../manifests/manifest';

/** The API group of kustomize's own files (`Kustomization`, `Component`). */
export const KUSTOMIZE_CONFIG_GROUP = 'kustomize.config.k8s.io';

/**
 * Whether `m` is a kustomize configuration file (`kustomization.yaml`, a
 * kustomize Component), e.g. the one `GitOpsApp({ kustomization: true })`
 * writes. kustomize reads it; it is never sent to the API server, so it is
 * neither schema-checked nor counted as an object. A Flux `Kustomization`
 * (`kustomize.toolkit.fluxcd.io`) is a real API object and is not one.
 */
export function isKustomizeConfig(m: Manifest): boolean {
  return m.group === KUSTOMIZE_CONFIG_GROUP;
}
