// Public surface of the plugin transport: serve a ProviderRpc to Terraform.
export { serve, serveDebug, providerSource } from "./serve";
export type { DebugServer, ProviderInput, ServeDebugOptions, ServeOptions } from "./serve";
export { startPluginServer, MAX_MESSAGE_BYTES } from "./server";
export type { Listen, PluginAddress, PluginServer, PluginServerOptions } from "./server";
export { generateServerCertificate, handshakeCertificateField } from "./certificate";
export type { CertificateOptions, ServerCertificate } from "./certificate";
export { handshakeLine, reattachExportLine, reattachValue } from "./handshake";
export {
  checkLaunchEnvironment,
  CORE_PROTOCOL_VERSION,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  PROTOCOL_VERSION,
} from "./launch-environment";
