/** YAML builders for the cert-manager certificate checks (IGW1030..IGW1032). */

/** A Gateway `edge` in `namespace` with the given listeners (YAML flow style). */
export function gatewayYaml(namespace: string, listeners: string[]): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: ${namespace} }
spec: { gatewayClassName: istio, listeners: [${listeners.join(', ')}] }
`;
}

/** An HTTPS listener (YAML flow style) that serves the given Secret(s). */
export function httpsListener(name: string, hostname: string | undefined, secrets: string[], port = 443): string {
  const refs = secrets.map((s) => {
    const [ns, n] = s.includes('/') ? s.split('/') : [undefined, s];
    return `{ name: ${n}${ns ? `, namespace: ${ns}` : ''} }`;
  });
  return `{ name: ${name}, port: ${port}, protocol: HTTPS${hostname ? `, hostname: "${hostname}"` : ''}, tls: { mode: Terminate, certificateRefs: [${refs.join(', ')}] } }`;
}

/** A cert-manager Certificate. */
export function certificateYaml(namespace: string, name: string, secretName: string | undefined, dnsNames: string[]): string {
  return `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: ${name}, namespace: ${namespace} }
spec: { ${secretName ? `secretName: ${secretName}, ` : ''}issuerRef: { name: letsencrypt, kind: ClusterIssuer }, dnsNames: [${dnsNames.map((n) => `"${n}"`).join(', ')}] }
`;
}

/** Joins YAML documents. */
export function docs(...parts: string[]): string {
  return parts.join('---\n');
}
