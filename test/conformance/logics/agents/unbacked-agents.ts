/**
 * EventAgent, DatabaseAgent and MailAgent, called as the SDK's own tests call them. The local
 * runtime has no event store, database or mail server: each call fails with one error naming
 * its agent, kept in the session.
 */
import { DatabaseAgent, EventAgent, GenericLogic, Logic, LoggingAgent, Mail, MailAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

async function attempt(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
    return { ok: true };
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
}

@Logic()
export default class TestUnbackedAgents extends GenericLogic {
  async run() {
    const mail = new Mail.Mail()
      .setSender("noreply@fstk.io", "noReply")
      .setReceivers("notfound@fstk.io", "404")
      .setCC("john.wick@fstk.io")
      .setSubject("SUBJECT HERE")
      .setBody("BODY HERE");

    await SessionStorageAgent.putJson("unbacked", {
      emit: await attempt(() =>
        EventAgent.emit([
          { labelName: "labelName", sourceDigitalIdentity: "sourceDigitalIdentity", targetDigitalIdentity: "targetDigitalIdentity", meta: "meta 0000", type: "default" },
        ]),
      ),
      search: await attempt(() =>
        EventAgent.search({
          queries: [{ type: "match", field: "source_digital_identity", value: "b184ad67-448b-47ae-84aa-9cd97705e5b7" }],
          excludes: [],
          filters: [],
          from: 0,
          size: 0,
          sorts: [],
        }),
      ),
      searchWithPattern: await attempt(() =>
        EventAgent.searchWithPattern({
          sequences: [{ conditions: [{ field: "label_id", op: "ne", value: "label_3" }], sharedFields: [], type: "" }],
          filter: { type: "range", field: "timestamp", lte: 1625122259000, gte: 1625124173000 },
        }),
      ),
      database: await attempt(() => DatabaseAgent.acquire("test-oracle-db")),
      mail: await attempt(() => MailAgent.acquire("test-smtp-server")),
      builtMail: { subject: mail.subject, receivers: mail.receivers },
    });
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
