import { cliUsage, parseCliArgs, type CliSettings } from "./cli-args";
import { startGrafxSimulator } from "./server";

/**
 * Starts the simulator, creates the sample tasks and prints ONE JSON line (URLs, environment,
 * client id, task ids — never the client secret); stops cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let settings: CliSettings;
  try {
    settings = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${cliUsage}\n`);
    process.exitCode = 2;
    return;
  }
  if (settings.help) {
    process.stdout.write(`${cliUsage}\n`);
    return;
  }
  const simulator = await startGrafxSimulator(settings.options);
  const { count, ...task } = settings.sampleTasks;
  const taskIds = Array.from({ length: count }, () => simulator.createTask(task).taskId);
  process.stdout.write(
    `${JSON.stringify({
      url: simulator.url,
      authUrl: simulator.authUrl,
      secondOriginUrl: simulator.secondOriginUrl,
      adminUrl: `${simulator.url}/__simulator`,
      environment: simulator.environment,
      clientId: simulator.clientId,
      taskIds,
    })}\n`,
  );

  const stop = () => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    void simulator.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`grafx-simulator: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
