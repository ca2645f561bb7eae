import { DiffRequest } from './diff-request';
import { RoutingDifference } from './routing-difference';
import { pushTo } from '../internal/map-lists';

/** The data a RoutingDiffResult is made of. @internal */
export interface RoutingDiffResultData {
  readonly corpusSize: number;
  readonly truncated: boolean;
  readonly gatewayPairs: string[];
  readonly differences: RoutingDifference[];
  readonly notes: string[];
}

/**
 * The answer of `RoutingDiff.compare`: how many requests were sent to both
 * sides, and every one that the two sides route differently.
 */
export class RoutingDiffResult {
  /** @internal */
  public static _of(data: RoutingDiffResultData): RoutingDiffResult {
    return new RoutingDiffResult(data);
  }

  /** The number of requests sent to both sides. */
  public readonly corpusSize: number;
  /** True when `maxRequests` cut the corpus (requests beyond it were not compared). */
  public readonly truncated: boolean;
  /** The gateways compared, as `old -> new` (`(none)` for a gateway without a partner). */
  public readonly gatewayPairs: string[];
  /** The requests routed differently, in corpus order. */
  public readonly differences: RoutingDifference[];
  /** Remarks: regexes that could not be probed, the bound, gateways without a partner. */
  public readonly notes: string[];

  private constructor(data: RoutingDiffResultData) {
    this.corpusSize = data.corpusSize;
    this.truncated = data.truncated;
    this.gatewayPairs = data.gatewayPairs;
    this.differences = data.differences;
    this.notes = data.notes;
  }

  /** True when every request of the corpus is routed the same on both sides. */
  public get equal(): boolean {
    return this.differences.length === 0;
  }

  /**
   * A readable report: the corpus size, the number of differences, then
   * each difference as the request and the two outcomes, then the notes.
   * Requests that differ the same way (same fields, same old outcome, same
   * new outcome) are one entry with their count and up to 3 example
   * requests; `differences` and `toJson()` keep every request.
   */
  public toText(): string {
    return this._text((t) => t);
  }

  /**
   * `toText()` with every value taken from the manifests passed through
   * `escape` (the CLI escapes terminal control characters).
   * @internal
   */
  public _text(escape: (text: string) => string): string {
    const lines: string[] = [];
    const n = this.differences.length;
    lines.push(`routing diff: ${this.corpusSize} requests${this.truncated ? ' (cut by the bound)' : ''}, `
      + `${n === 0 ? 'no differences' : `${n} difference${n === 1 ? '' : 's'}`}`);
    lines.push(`gateways: ${escape(this.gatewayPairs.join(', ') || 'none')}`);
    for (const group of groupDifferences(this.differences)) {
      const d = group[0];
      const differ = `${d.fields.join(', ')} differ${d.fields.length === 1 ? 's' : ''}`;
      if (group.length === 1) {
        lines.push(`${escape(d.summary)}: ${differ}`);
      } else {
        lines.push(`${group.length} requests: ${differ}, the same way for each, e.g.`);
        for (const e of group.slice(0, GROUP_EXAMPLES)) lines.push(`  ${escape(e.summary)}`);
        if (group.length > GROUP_EXAMPLES) lines.push(`  and ${group.length - GROUP_EXAMPLES} more`);
      }
      lines.push(`  old: ${escape(d.oldOutcome)}`);
      lines.push(`  new: ${escape(d.newOutcome)}`);
    }
    for (const note of this.notes) lines.push(`note: ${escape(note)}`);
    return `${lines.join('\n')}\n`;
  }

  /**
   * The result as plain JSON with a stable key order: corpusSize,
   * truncated, equal, gatewayPairs, differences[] {request {oldGateway,
   * newGateway, protocol, scheme, port, host, method, path, headers}, summary,
   * fields, old, new}, notes.
   */
  public toJson(): any {
    return {
      corpusSize: this.corpusSize,
      truncated: this.truncated,
      equal: this.equal,
      gatewayPairs: [...this.gatewayPairs],
      differences: this.differences.map((d) => ({
        request: requestJson(d.request),
        summary: d.summary,
        fields: [...d.fields],
        old: d.oldOutcome,
        new: d.newOutcome,
      })),
      notes: [...this.notes],
    };
  }
}

/** Example requests shown for a group of differences. */
const GROUP_EXAMPLES = 3;

/** Differences with the same fields and outcomes, grouped in order of first appearance. */
function groupDifferences(differences: RoutingDifference[]): RoutingDifference[][] {
  const groups = new Map<string, RoutingDifference[]>();
  for (const d of differences) {
    pushTo(groups, JSON.stringify([d.fields, d.oldOutcome, d.newOutcome]), d);
  }
  return [...groups.values()];
}

function requestJson(r: DiffRequest): any {
  const headers: { [name: string]: string } = {};
  for (const k of Object.keys(r.headers).sort()) headers[k] = r.headers[k];
  return {
    oldGateway: r.oldGateway ?? null,
    newGateway: r.newGateway ?? null,
    protocol: r.protocol,
    scheme: r.scheme,
    port: r.port,
    host: r.host,
    method: r.method,
    path: r.path,
    headers,
  };
}
