/** Jest globalTeardown: stops the reference nodes globalSetup started. */
export default async function globalTeardown(): Promise<void> {
  const nodes = globalThis.__gentcpReferences ?? [];
  await Promise.all(nodes.map((n) => n.stop()));
}
