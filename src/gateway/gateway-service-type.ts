/**
 * The type of the Service Istio provisions for a Gateway
 * (annotation `networking.istio.io/service-type`).
 */
export enum GatewayServiceType {
  /** A cloud load balancer (Istio's default). Stays `<pending>` on kind/minikube without MetalLB. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A port on every node: the fix for `<pending>` addresses on kind or minikube. */
  NODE_PORT = 'NodePort',
  /** Cluster-internal only, e.g. behind another load balancer or for tests. */
  CLUSTER_IP = 'ClusterIP',
}
