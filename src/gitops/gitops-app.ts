import { App, AppProps } from 'cdk8s';
import { GitOpsSynth } from './gitops-synth';

/**
 * Props for `GitOpsApp`.
 */
export interface GitOpsAppProps extends AppProps {
  /**
   * Also write a `kustomization.yaml` that lists the manifest files in apply
   * order (see `GitOpsSynthOptions.kustomization`).
   * @default false
   */
  readonly kustomization?: boolean;
}

/**
 * An App whose `synth()` and `synthYaml()` take time linear in the number
 * of charts (see `GitOpsSynth`), a drop-in replacement for `App` in a
 * `main.ts` that `cdk8s synth` runs. The output is byte-identical to `App`'s.
 *
 * Use `GitOpsSynth.synth(app)` instead when the App is created elsewhere.
 *
 * @example
 * const app = new GitOpsApp({ kustomization: true });
 * for (const svc of services) new ServiceChart(app, svc.name, svc);
 * app.synth();
 */
export class GitOpsApp extends App {
  /** Whether `synth()` also writes a `kustomization.yaml`. */
  public readonly kustomization: boolean;

  public constructor(props: GitOpsAppProps = {}) {
    super(props);
    this.kustomization = props.kustomization ?? false;
  }

  /**
   * Synthesizes all manifests to the output directory, validating the App
   * once.
   */
  public synth(): void {
    GitOpsSynth.synth(this, { kustomization: this.kustomization });
  }

  /**
   * Synthesizes the App into one YAML string, validating the App once.
   */
  public synthYaml(): string {
    return GitOpsSynth.synthYaml(this);
  }
}
