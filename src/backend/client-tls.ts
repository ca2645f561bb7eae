import { ClientTlsMode, ClientTlsOptions } from './traffic-policy';
import * as istio from '../../imports/networking.istio.io';
import { assertFactoryValue } from '../internal/errors';
import { DNS_SUBDOMAIN_RE } from '../internal/names';

/**
 * The `tls` block of a DestinationRule traffic policy: checks and renders
 * itself. Not exported from the package; users pass `ClientTlsOptions`.
 * @internal
 */
export class ClientTls {
  public constructor(private readonly options: ClientTlsOptions) {}

  /** What is wrong with the options, as a message that starts with the field, or undefined. */
  public _problem(): string | undefined {
    const o = this.options;
    if (!Object.values(ClientTlsMode).includes(o.mode)) {
      return `tls.mode must be one of ${Object.values(ClientTlsMode).join(', ')}, got "${o.mode}"`;
    }
    if (o.mode === ClientTlsMode.MUTUAL && !o.credentialName) {
      return 'tls mode MUTUAL needs credentialName: the name of a Secret with the client certificate, key and CA';
    }
    if (o.credentialName !== undefined && o.mode !== ClientTlsMode.MUTUAL && o.mode !== ClientTlsMode.SIMPLE) {
      return `tls.credentialName applies only to modes SIMPLE and MUTUAL, got mode ${o.mode}; remove credentialName`;
    }
    if (o.credentialName !== undefined && !DNS_SUBDOMAIN_RE.test(o.credentialName)) {
      return `tls.credentialName "${o.credentialName}" is not a valid Secret name (lowercase letters, digits, "-" and ".")`;
    }
    if (o.mode === ClientTlsMode.DISABLE && (o.sni !== undefined || (o.subjectAltNames ?? []).length > 0)) {
      return 'tls.sni and tls.subjectAltNames have no effect with mode DISABLE; remove them or pick another mode';
    }
    return undefined;
  }

  /** The DestinationRule `tls` block; throws on a problem. */
  public _toIstio(): istio.DestinationRuleSpecTrafficPolicyTls {
    assertFactoryValue(this._problem());
    const o = this.options;
    return {
      mode: o.mode as string as istio.DestinationRuleSpecTrafficPolicyTlsMode,
      credentialName: o.credentialName,
      sni: o.sni,
      subjectAltNames: o.subjectAltNames && o.subjectAltNames.length > 0 ? [...o.subjectAltNames] : undefined,
    };
  }
}
