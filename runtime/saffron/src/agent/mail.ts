export const MailAgent = {
  async acquire(configurationName: string): Promise<MailAgentClient> {
    const uid = await Deno.core.opAsync("op_mail_agent_acquire", configurationName);
    return new MailAgentClient(uid);
  },
};

export class MailAgentClient {
  constructor(readonly uid: string) {}

  async send(mail: Mail.Mail): Promise<void> {
    // The real check is `=== null`, which the builder's default '' never meets; empty is what it means.
    if (!mail.sender.mail) throw new TypeError("mail sender should not be empty");
    if (mail.receivers.length === 0) throw new TypeError("mail receivers should not be empty");
    if (mail.subject.length === 0) throw new TypeError("mail subject should not be empty");
    if (mail.body.length === 0) throw new TypeError("mail body should not be empty");
    await Deno.core.opAsync("op_mail_agent_send", { uid: this.uid, mail });
  }
}

export namespace Mail {
  export interface MailBox {
    name: string;
    mail: string;
  }

  /** A mail, built with chained setters: `new Mail.Mail().setSender(…).setReceivers(…)…`. */
  export class Mail {
    sender: MailBox = { mail: "", name: "" };
    receivers: MailBox[] = [];
    replyTo?: MailBox = undefined;
    cc: MailBox[] = [];
    bcc: MailBox[] = [];
    subject = "";
    body = "";

    setSender(mail: string, name = ""): this {
      this.sender = { mail, name };
      return this;
    }

    /** Adds a receiver (call once per receiver). */
    setReceivers(mail: string, name = ""): this {
      this.receivers.push({ mail, name });
      return this;
    }

    setReplyTo(mail: string, name = ""): this {
      this.replyTo = { mail, name };
      return this;
    }

    setCC(mail: string, name = ""): this {
      this.cc.push({ mail, name });
      return this;
    }

    setBCC(mail: string, name = ""): this {
      this.bcc.push({ mail, name });
      return this;
    }

    setSubject(subject: string): this {
      this.subject = subject;
      return this;
    }

    setBody(body: string): this {
      this.body = body;
      return this;
    }
  }
}
