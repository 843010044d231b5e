import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { KAFKA_HOME, KAFKA_LIB_DIR, KAFKA_POM } from "./paths";

/** Records which pom filled the lib folder, so a changed Kafka version fetches again. */
const POM_STAMP = ".pom-sha256";

export interface InstallJarsOptions {
  libDir?: string;
  /** One line per step (skipped, fetching, done). */
  log?: (line: string) => void;
}

/**
 * Makes sure the broker's jars (Apache Kafka from Maven Central and its runtime dependencies) are in
 * `.kafka/lib`: does nothing when they are there for the current pom, else runs Maven (which caches
 * in ~/.m2). Fails with the exact command and Maven's last lines when Maven cannot fetch them.
 */
export async function installKafkaJars({ libDir = KAFKA_LIB_DIR, log = () => {} }: InstallJarsOptions = {}): Promise<string> {
  const pomHash = createHash("sha256").update(await readFile(KAFKA_POM)).digest("hex");
  if (await hasJarsFor(libDir, pomHash)) {
    log(`kafka jars already in ${libDir}`);
    return libDir;
  }
  // Filled beside the final folder and renamed at the end, so an interrupted fetch leaves no half lib.
  await mkdir(KAFKA_HOME, { recursive: true });
  const staging = `${libDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const args = ["-q", "-B", "-f", KAFKA_POM, "dependency:copy-dependencies", `-DoutputDirectory=${staging}`];
  log(`fetching kafka jars: mvn ${args.join(" ")}`);
  const started = Date.now();
  try {
    await runMaven(args);
    await writeFile(join(staging, POM_STAMP), pomHash);
    await rm(libDir, { recursive: true, force: true });
    await rename(staging, libDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log(`kafka jars in ${libDir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return libDir;
}

async function hasJarsFor(libDir: string, pomHash: string): Promise<boolean> {
  try {
    const [stamp, files] = await Promise.all([readFile(join(libDir, POM_STAMP), "utf8"), readdir(libDir)]);
    return stamp.trim() === pomHash && files.some((file) => /^kafka_2\.13-.*\.jar$/.test(file));
  } catch {
    return false;
  }
}

function runMaven(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("mvn", args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-8_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (error) => reject(new Error(`cannot run mvn (is Maven installed and on PATH?): ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) return resolve();
      const tail = output.trim().split("\n").slice(-15).join("\n");
      reject(new Error(`mvn ${args.join(" ")} failed with exit code ${code}:\n${tail}`));
    });
  });
}
