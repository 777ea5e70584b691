// dist/regx starts Node without NODE_EXTRA_CA_CERTS (Node 20 would parse it at start-up) and passes it as
// REGX_EXTRA_CA_CERTS, which the client's TLS connector honours (src/registry/transport/extraCa.ts). The
// processes the CLI starts (credential helpers) get the variable back, as the user set it.
export function handBackExtraCaCerts(env: NodeJS.ProcessEnv): void {
  if (env.REGX_EXTRA_CA_CERTS && env.NODE_EXTRA_CA_CERTS === undefined) env.NODE_EXTRA_CA_CERTS = env.REGX_EXTRA_CA_CERTS;
}
