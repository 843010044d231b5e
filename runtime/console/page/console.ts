/**
 * The console page: three views on the console's JSON API — executions (live, filtered), one
 * execution, and a manual run with a payload editor. Plain DOM; text is always set as text, never
 * parsed as HTML (payloads and logs are untrusted).
 */
import { TRIGGER_TYPES } from "../../contract";
import { EXECUTION_STATUSES } from "../../execution-status";
import type { ExecutionSummary, ExecutionView } from "../execution-views";

type Child = Node | string | null | undefined | false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** A table with these column headings over `body` (a tbody). */
function table(attributes: Record<string, string>, headings: readonly string[], body: HTMLElement): HTMLTableElement {
  return el("table", attributes, el("thead", {}, el("tr", {}, ...headings.map((title) => el("th", {}, title)))), body);
}

async function api<T>(path: string, init?: { method: "POST"; body: unknown }): Promise<{ status: number; body: T }> {
  const response = await fetch(path, init && { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(init.body) });
  return { status: response.status, body: (await response.json()) as T };
}

interface Problem {
  error: string;
  issues: string[];
}

const view = document.getElementById("view")!;
const connection = document.getElementById("connection")!;

function show(...children: Child[]): void {
  view.replaceChildren(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false));
}

function stateBadge(state: string): HTMLElement {
  return el("span", { class: `state state-${state.toLowerCase().replace(/\s+/g, "-")}`, "data-state": state }, state);
}

function time(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "";
}

function progressOf(summary: ExecutionSummary): Child {
  if (!summary.progress) return summary.activity ? el("span", { class: "muted" }, summary.activity) : null;
  const { done, total } = summary.progress;
  return el(
    "span",
    { class: "progress" },
    el("progress", { max: String(total), value: String(done) }),
    ` ${done}/${total}`,
    summary.activity ? el("span", { class: "muted" }, ` · ${summary.activity}`) : null,
  );
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** The request body as the logics read it: pretty JSON when it is JSON. */
function bodyText(body: NonNullable<ExecutionView["input"]>["body"]): string {
  if (!body) return "(no body)";
  if ("base64" in body) return `(binary, base64) ${body.base64}`;
  try {
    return pretty(JSON.parse(body.text));
  } catch {
    return body.text;
  }
}

/** What a failed execution says went wrong: every error text in its result, and railway errors. */
function problemsOf(view: ExecutionView): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string) => {
    if (found.length >= 50) return;
    if (typeof value === "string" && /^(error|errors|issues|message|reason)$/.test(key)) found.push(value);
    else if (Array.isArray(value)) value.forEach((item) => visit(item, key));
    else if (value && typeof value === "object") for (const [name, item] of Object.entries(value)) visit(item, name);
  };
  if ((view.summary.status ?? 0) >= 400) visit(view.result, "");
  for (const task of view.tasks) if (task.railwayError) found.push(`${task.railwayError.logic}: ${task.railwayError.name}: ${task.railwayError.message}`);
  return [...new Set(found)];
}

// ---- live updates --------------------------------------------------------------------------------

type SummaryListener = (summary: ExecutionSummary) => void;
const summaryListeners = new Set<SummaryListener>();

function connectEvents(): void {
  const events = new EventSource("/api/events");
  events.addEventListener("open", () => (connection.textContent = "live"));
  events.addEventListener("error", () => (connection.textContent = "reconnecting…"));
  events.addEventListener("execution", (event) => {
    const summary = JSON.parse((event as MessageEvent<string>).data) as ExecutionSummary;
    for (const listener of summaryListeners) listener(summary);
  });
}

/** Calls `work` once, `ms` after the last of a burst of calls. */
function debounced(work: () => void, ms = 150): () => void {
  let timer: number | undefined;
  return () => {
    clearTimeout(timer);
    timer = window.setTimeout(work, ms);
  };
}

let leaveView: () => void = () => undefined;

function onSummaries(listener: SummaryListener): void {
  summaryListeners.add(listener);
  const previous = leaveView;
  leaveView = () => {
    previous();
    summaryListeners.delete(listener);
  };
}

// ---- executions ----------------------------------------------------------------------------------

const filters = { dataProcess: "", trigger: "", status: "" };

function select(name: string, label: string, options: string[], value: string, onChange: (value: string) => void): HTMLElement {
  const input = el("select", { name, id: `filter-${name}` }, el("option", { value: "" }, "all"), ...options.map((option) => el("option", { value: option }, option)));
  input.value = value;
  input.addEventListener("change", () => onChange(input.value));
  return el("label", {}, label, input);
}

async function showExecutions(): Promise<void> {
  const { body } = await api<{ dataProcesses: Array<{ name: string }> }>("/api/data-processes");
  const rows = el("tbody", { id: "executions" });
  const count = el("p", { class: "muted", id: "executions-count" });
  const refresh = async () => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ""));
    const { status, body: list } = await api<{ executions: ExecutionSummary[] } & Partial<Problem>>(`/api/executions?${query}`);
    if (!rows.isConnected) return;
    if (status !== 200) return void count.replaceChildren(el("span", { class: "error" }, list.error ?? `error ${status}`));
    count.textContent = list.executions.length === 0 ? "No executions yet: trigger one, or run a data process by hand." : `${list.executions.length} shown, newest first`;
    rows.replaceChildren(
      ...list.executions.map((summary) => {
        const row = el(
          "tr",
          { class: "execution", "data-execution-id": summary.executionId },
          el("td", {}, stateBadge(summary.state)),
          el("td", { class: "status" }, summary.status === null ? "" : String(summary.status)),
          el("td", { class: "mono", title: summary.executionId }, summary.executionId.slice(0, 8)),
          el("td", {}, summary.triggerType, summary.rerunOf ? el("span", { class: "muted" }, " (re-run)") : null),
          el("td", {}, summary.dataProcesses.join(", ")),
          el("td", {}, time(summary.triggeredAt)),
          el("td", {}, summary.durationMs === undefined ? progressOf(summary) : `${summary.durationMs} ms`),
        );
        row.addEventListener("click", () => (location.hash = `#/executions/${summary.executionId}`));
        return row;
      }),
    );
  };
  const refreshSoon = debounced(() => void refresh());
  const onFilter = (name: keyof typeof filters) => (value: string) => {
    filters[name] = value;
    void refresh();
  };
  show(
    el("h2", {}, "Executions"),
    el(
      "form",
      { class: "filters" },
      select("dataProcess", "Data process", body.dataProcesses.map((entry) => entry.name), filters.dataProcess, onFilter("dataProcess")),
      select("trigger", "Trigger", [...TRIGGER_TYPES], filters.trigger, onFilter("trigger")),
      select("status", "Status", [...EXECUTION_STATUSES], filters.status, onFilter("status")),
    ),
    count,
    table({}, ["Status", "Code", "Execution", "Trigger", "Data processes", "Triggered", "Duration"], rows),
  );
  onSummaries(refreshSoon);
  await refresh();
}

// ---- one execution -------------------------------------------------------------------------------

async function showExecution(executionId: string): Promise<void> {
  const here = location.hash;
  const render = async () => {
    const { status, body } = await api<ExecutionView & Partial<Problem>>(`/api/executions/${encodeURIComponent(executionId)}`);
    // An update that arrives after the user moved on must not draw over the next view.
    if (location.hash !== here) return;
    if (status !== 200) return show(el("h2", {}, "Execution"), el("p", { class: "error" }, body.error ?? `error ${status}`));
    const { summary } = body;
    const rerun = el("button", { id: "rerun", type: "button" }, "Re-run with the same payload");
    rerun.toggleAttribute("disabled", !body.canRerun);
    const rerunMessage = el("span", { class: "error", id: "rerun-error" });
    rerun.addEventListener("click", async () => {
      rerun.setAttribute("disabled", "");
      const started = await api<{ executionId: string } & Partial<Problem>>(`/api/executions/${executionId}/rerun`, { method: "POST", body: {} });
      if (started.status === 202) location.hash = `#/executions/${started.body.executionId}`;
      else {
        rerun.removeAttribute("disabled");
        rerunMessage.textContent = started.body.error ?? `error ${started.status}`;
      }
    });
    show(
      el("h2", {}, "Execution ", el("span", { class: "mono", id: "execution-id" }, summary.executionId)),
      el(
        "dl",
        { class: "summary" },
        el("dt", {}, "Status"),
        el("dd", { id: "execution-state" }, stateBadge(summary.state)),
        el("dt", {}, "Code"),
        el("dd", { id: "execution-status" }, summary.status === null ? "(running)" : String(summary.status)),
        el("dt", {}, "Trigger"),
        el("dd", {}, summary.triggerType, summary.rerunOf ? el("span", {}, " — re-run of ", el("a", { href: `#/executions/${summary.rerunOf}`, class: "mono" }, summary.rerunOf)) : null),
        el("dt", {}, "Data processes"),
        el("dd", {}, summary.dataProcesses.join(", ")),
        el("dt", {}, "Triggered"),
        el("dd", {}, time(summary.triggeredAt)),
        el("dt", {}, summary.durationMs === undefined ? "Progress" : "Duration"),
        el("dd", { id: "execution-progress" }, summary.durationMs === undefined ? progressOf(summary) : `${summary.durationMs} ms (finished ${time(summary.finishedAt)})`),
      ),
      el("p", {}, rerun, " ", rerunMessage),
      el("h3", {}, "Tasks"),
      body.tasks.length === 0
        ? el("p", { class: "muted" }, "Running…")
        : table(
            { id: "tasks" },
            ["Data process", "Task", "Code", "Railway error"],
            el(
              "tbody",
              {},
              ...body.tasks.map((task) =>
                el(
                  "tr",
                  {},
                  el("td", {}, task.dataProcess),
                  el("td", { class: "mono" }, task.taskId),
                  el("td", {}, String(task.status), task.timedOut ? " (timed out)" : ""),
                  el("td", { class: "error" }, task.railwayError ? `${task.railwayError.logic}: ${task.railwayError.name}: ${task.railwayError.message}` : ""),
                ),
              ),
            ),
          ),
      el("h3", {}, "Result"),
      el("pre", { id: "execution-result" }, body.result === null ? "(not finished)" : pretty(body.result)),
      el("h3", {}, `Logs (${body.logs.length})`),
      table(
        { id: "logs" },
        ["Time", "Level", "Logic", "Message"],
        el(
          "tbody",
          {},
          ...body.logs.map((entry) =>
            el(
              "tr",
              { class: `level-${entry.level}` },
              el("td", { class: "mono" }, entry.time.slice(11, 23)),
              el("td", {}, entry.level.toUpperCase()),
              el("td", {}, `${entry.dataProcess}/${entry.logic}`),
              el("td", { class: "mono" }, entry.message),
            ),
          ),
        ),
      ),
      el("h3", {}, "Payload"),
      body.input === null
        ? el("p", { class: "muted" }, "Not kept for this execution.")
        : el("div", {}, el("p", { class: "muted" }, "Request body:"), el("pre", { id: "execution-payload" }, bodyText(body.input.body))),
      el("p", { class: "muted" }, "Trigger metadata:"),
      el("pre", {}, pretty(body.triggerMetadata)),
    );
  };
  const renderSoon = debounced(() => void render());
  onSummaries((summary) => {
    if (summary.executionId === executionId) renderSoon();
  });
  await render();
}

// ---- manual run ----------------------------------------------------------------------------------

const EDITOR_KEY = "loc-console:payload:";

async function showRun(): Promise<void> {
  const { body } = await api<{ dataProcesses: Array<{ name: string; logics: string[] }> }>("/api/data-processes");
  const names = body.dataProcesses.map((entry) => entry.name);
  const picker = el("select", { id: "run-data-process" }, ...names.map((name) => el("option", { value: name }, name)));
  const editor = el("textarea", { id: "run-payload", spellcheck: "false" });
  const check = el("p", { id: "payload-check" });
  const runButton = el("button", { id: "run-button", type: "button" }, "Run");
  const outcome = el("section", { id: "run-outcome" });
  const logics = el("p", { class: "muted" });
  const load = () => {
    editor.value = localStorage.getItem(EDITOR_KEY + picker.value) ?? "{}";
    logics.textContent = `Logics: ${body.dataProcesses.find((entry) => entry.name === picker.value)?.logics.join(" → ") ?? ""}`;
    validate();
  };
  const validate = () => {
    try {
      JSON.parse(editor.value);
      check.className = "muted";
      check.textContent = "Valid JSON: the logics read it as the request body.";
      runButton.removeAttribute("disabled");
    } catch (error) {
      check.className = "error";
      check.textContent = `Not valid JSON: ${(error as Error).message}`;
      runButton.setAttribute("disabled", "");
    }
  };
  let awaited: string | undefined;
  const showOutcome = async (executionId: string) => {
    const { body: result } = await api<ExecutionView>(`/api/executions/${executionId}`);
    const problems = problemsOf(result);
    outcome.replaceChildren(
      el("p", {}, "Execution ", el("a", { href: `#/executions/${executionId}`, class: "mono" }, executionId), " ", stateBadge(result.summary.state), " ", el("strong", { id: "run-status" }, String(result.summary.status ?? ""))),
      ...(problems.length === 0 ? [] : [el("ul", { id: "run-problems", class: "problems" }, ...problems.map((text) => el("li", {}, text)))]),
      el("pre", {}, result.result === null ? "" : pretty(result.result)),
    );
  };
  picker.addEventListener("change", load);
  editor.addEventListener("input", validate);
  runButton.addEventListener("click", async () => {
    localStorage.setItem(EDITOR_KEY + picker.value, editor.value);
    runButton.setAttribute("disabled", "");
    const started = await api<{ executionId: string } & Partial<Problem>>("/api/executions", { method: "POST", body: { dataProcess: picker.value, body: editor.value } });
    runButton.removeAttribute("disabled");
    if (started.status !== 202) {
      outcome.replaceChildren(el("ul", { id: "run-problems", class: "problems" }, ...(started.body.issues ?? [started.body.error ?? `error ${started.status}`]).map((text) => el("li", {}, text))));
      return;
    }
    awaited = started.body.executionId;
    outcome.replaceChildren(el("p", {}, "Running ", el("a", { href: `#/executions/${awaited}`, class: "mono" }, awaited), "…"));
    // It may have finished before its events were listened for.
    const now = await api<ExecutionView>(`/api/executions/${awaited}`);
    if (now.body.summary.state !== "In Progress") await showOutcome(awaited);
  });
  onSummaries((summary) => {
    if (summary.executionId === awaited && summary.state !== "In Progress") void showOutcome(awaited);
  });
  show(
    el("h2", {}, "Run a data process"),
    names.length === 0 ? el("p", { class: "error" }, "No data process is configured.") : null,
    el("label", {}, "Data process", picker),
    logics,
    el("label", {}, "Payload (the JSON body the logics read, as with loc-local execute --payload)", editor),
    check,
    el("p", {}, runButton),
    outcome,
  );
  load();
}

// ---- routing -------------------------------------------------------------------------------------

async function route(): Promise<void> {
  leaveView();
  leaveView = () => undefined;
  const hash = location.hash.replace(/^#/, "") || "/";
  const execution = /^\/executions\/([^/]+)$/.exec(hash);
  try {
    if (execution) await showExecution(decodeURIComponent(execution[1]!));
    else if (hash === "/run") await showRun();
    else await showExecutions();
  } catch (error) {
    show(el("p", { class: "error" }, `The console could not load this view: ${(error as Error).message}`));
  }
}

window.addEventListener("hashchange", () => void route());
connectEvents();
void route();
