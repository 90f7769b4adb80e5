// Public surface of the plugin transport: serve a ProviderRpc to Terraform. The gRPC server,
// certificates and handshake lines behind it are reached through their own modules.
export { serve, serveDebug } from "./serve";
export type { ServeDebugOptions, ServeOptions } from "./serve";
export { DEFERRED_EXTRA_CA_CERTS_KEY, MAGIC_COOKIE_KEY } from "./launch-environment";
