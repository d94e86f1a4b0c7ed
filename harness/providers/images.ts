/** The Erlang images the Docker engine has (call dockerAnswers() first). */
import { configureTestcontainers } from './container.js';

async function dockerode() {
  configureTestcontainers();
  const { getContainerRuntimeClient } = await import('testcontainers');
  return (await getContainerRuntimeClient()).container.dockerode;
}

export async function imageExists(image: string): Promise<boolean> {
  try {
    await (await dockerode()).getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

/** The tags of the images named `name` (by default the ones erlang/image/build.sh builds), sorted. */
export async function imageTags(name = 'localhost/gentcp/erlang'): Promise<string[]> {
  const images = await (await dockerode()).listImages({ filters: { reference: [name] } });
  return images.flatMap((i) => i.RepoTags ?? []).filter((t) => t.startsWith(`${name}:`)).sort();
}
