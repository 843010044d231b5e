import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** Every file below `root` as a sorted `a/b.ext` list ([] when root does not exist). */
export async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(join(root, sub), { withFileTypes: true }).catch(() => [])) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else found.push(path);
    }
  };
  await walk("");
  return found.sort();
}
