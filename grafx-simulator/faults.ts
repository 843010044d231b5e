import { z } from "zod";

/**
 * Fault injection. A fault is ONE effect, where it applies (`stage`, default `any`) and how often
 * (`times`: only the first N requests it applies to; forever without it). Faults are kept per task
 * (status and download of that task) and globally; a request is checked against the task's faults
 * first, then the global ones:
 *   1. every applicable `latencyMs` delays the answer (they add up);
 *   2. the first applicable *answer* fault (`rateLimit`, `error`, `reset`, `hang`,
 *      `expireTokens: true`, `redirect`, `echoToken`) replaces the answer, and nothing else is used up;
 *   3. otherwise *modifiers* change the normal answer: `truncate` (downloads), `secondOrigin`
 *      (status: the download link points at the second origin), `link` (status: the download link
 *      is that text), `expireTokens: { afterSeconds }` (token: the issued token dies early while
 *      `expires_in` still announces the configured TTL).
 * A fault only counts a request it actually affected.
 */
export const faultStageSchema = z.enum(["token", "create", "status", "download", "any"]);
export type FaultStage = z.infer<typeof faultStageSchema>;
export type RequestStage = Exclude<FaultStage, "any">;

const effectKeys = ["latencyMs", "rateLimit", "error", "reset", "truncate", "hang", "secondOrigin", "expireTokens", "redirect", "echoToken", "link"] as const;

export const faultSchema = z
  .object({
    stage: faultStageSchema.default("any"),
    times: z.number().int().positive().optional(),
    latencyMs: z.number().int().nonnegative().optional(),
    /** 429 with `Retry-After`. */
    rateLimit: z.object({ retryAfterSeconds: z.number().int().nonnegative() }).strict().optional(),
    /** This status with a JSON `{ error }` body (`body` replaces the text). */
    error: z
      .object({ status: z.number().int().min(400).max(599), body: z.string().optional() })
      .strict()
      .optional(),
    /** The connection is reset without any answer. */
    reset: z.literal(true).optional(),
    /** A download announces its full Content-Length, sends this many bytes, then closes. */
    truncate: z.object({ afterBytes: z.number().int().nonnegative() }).strict().optional(),
    /** No answer ever; the connection is cleaned up when the simulator closes. */
    hang: z.literal(true).optional(),
    secondOrigin: z.literal(true).optional(),
    /**
     * `true`: on an authenticated request, every token issued so far expires and this request gets
     * 401 (with `times: 1`: "the next request gets 401 once"). `{ afterSeconds }`: see above.
     */
    expireTokens: z
      .union([z.literal(true), z.object({ afterSeconds: z.number().nonnegative() }).strict()])
      .optional(),
    /**
     * Status and download on the API origin: 302 to the same path on the second origin, which
     * answers it without asking for a token (a status there links its download by a relative path).
     */
    redirect: z.literal(true).optional(),
    /** This status with an error body that echoes the request's bearer token (plain, and as JSON inside JSON). */
    echoToken: z.object({ status: z.number().int().min(400).max(599) }).strict().optional(),
    /** Status only: `links.download` is this text (a bogus link: another host, not a URL, another scheme). */
    link: z.string().max(4096).optional(),
  })
  .strict()
  .superRefine((fault, context) => {
    const present = effectKeys.filter((key) => fault[key] !== undefined);
    if (present.length !== 1) {
      context.addIssue({
        code: "custom",
        message: `a fault needs exactly one effect of ${effectKeys.join(", ")}; got ${present.length === 0 ? "none" : present.join(", ")}`,
      });
    }
  });

export type Fault = z.output<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;
export const faultListSchema = z.array(faultSchema);

/** What a request is, for deciding which faults apply to it. */
export interface RequestScope {
  stage: RequestStage;
  taskId?: string;
  /** Whether the endpoint checks a token (the second origin does not). */
  authenticated: boolean;
  /** Which origin it arrived on (a redirect only leaves the API origin). */
  origin?: "api" | "second";
}

export type AnswerFault =
  | { kind: "rateLimit"; retryAfterSeconds: number }
  | { kind: "error"; status: number; body?: string }
  | { kind: "reset" }
  | { kind: "hang" }
  | { kind: "expireTokens" }
  | { kind: "redirect" }
  | { kind: "echoToken"; status: number };

export interface FaultPlan {
  latencyMs: number;
  answer?: AnswerFault;
  truncateAfterBytes?: number;
  secondOrigin: boolean;
  /** Status: the download link to hand out instead of the real one. */
  link?: string;
  tokenLifetimeSeconds?: number;
}

interface ArmedFault {
  fault: Fault;
  remaining: number;
}

function appliesTo(fault: Fault, scope: RequestScope): boolean {
  if (fault.stage !== "any" && fault.stage !== scope.stage) return false;
  if (fault.truncate) return scope.stage === "download";
  if (fault.secondOrigin || fault.link !== undefined) return scope.stage === "status";
  if (fault.redirect) return (scope.stage === "status" || scope.stage === "download") && scope.origin !== "second";
  if (fault.expireTokens === true) return scope.authenticated;
  if (fault.expireTokens) return scope.stage === "token";
  return true;
}

function answerOf(fault: Fault): AnswerFault | undefined {
  if (fault.rateLimit) return { kind: "rateLimit", retryAfterSeconds: fault.rateLimit.retryAfterSeconds };
  if (fault.error) return { kind: "error", status: fault.error.status, body: fault.error.body };
  if (fault.reset) return { kind: "reset" };
  if (fault.hang) return { kind: "hang" };
  if (fault.expireTokens === true) return { kind: "expireTokens" };
  if (fault.redirect) return { kind: "redirect" };
  if (fault.echoToken) return { kind: "echoToken", status: fault.echoToken.status };
  return undefined;
}

const arm = (faults: readonly Fault[]): ArmedFault[] =>
  faults.map((fault) => ({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY }));

/** The global and per-task fault lists, with how many uses each fault has left. */
export class FaultBook {
  private global: ArmedFault[];
  private readonly byTask = new Map<string, ArmedFault[]>();

  constructor(globalFaults: readonly Fault[] = []) {
    this.global = arm(globalFaults);
  }

  /** Replaces the global faults (their counts start afresh). */
  setGlobal(faults: readonly Fault[]): void {
    this.global = arm(faults);
  }

  /** Replaces one task's faults. */
  setForTask(taskId: string, faults: readonly Fault[]): void {
    this.byTask.set(taskId, arm(faults));
  }

  /** Decides what happens to one request and uses up the faults that affect it. */
  plan(scope: RequestScope): FaultPlan {
    const candidates = [...(scope.taskId ? (this.byTask.get(scope.taskId) ?? []) : []), ...this.global].filter(
      (armed) => armed.remaining > 0 && appliesTo(armed.fault, scope),
    );
    const use = (armed: ArmedFault) => {
      armed.remaining -= 1;
    };
    const plan: FaultPlan = { latencyMs: 0, secondOrigin: false };

    for (const armed of candidates) {
      if (armed.fault.latencyMs === undefined) continue;
      use(armed);
      plan.latencyMs += armed.fault.latencyMs;
    }
    for (const armed of candidates) {
      const answer = answerOf(armed.fault);
      if (!answer) continue;
      use(armed);
      plan.answer = answer;
      return plan;
    }
    for (const armed of candidates) {
      const { truncate, secondOrigin, link, expireTokens } = armed.fault;
      if (truncate && plan.truncateAfterBytes === undefined) {
        use(armed);
        plan.truncateAfterBytes = truncate.afterBytes;
      } else if (secondOrigin && !plan.secondOrigin) {
        use(armed);
        plan.secondOrigin = true;
      } else if (link !== undefined && plan.link === undefined) {
        use(armed);
        plan.link = link;
      } else if (typeof expireTokens === "object" && plan.tokenLifetimeSeconds === undefined) {
        use(armed);
        plan.tokenLifetimeSeconds = expireTokens.afterSeconds;
      }
    }
    return plan;
  }
}
