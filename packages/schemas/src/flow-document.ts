import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Duration, Expression, I18nText, RetryPolicy } from './common.js';

export const NODE_ID_PATTERN = '^[a-z][a-z0-9_]{0,63}$';
export const FLOW_KEY_PATTERN = '^[a-z][a-z0-9-]{1,63}$';

/** Canvas-only fields. The compiler never reads them. */
export const NodeUi = Type.Object(
  {
    position: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false })),
    collapsed: Type.Optional(Type.Boolean()),
    color: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const base = {
  title: Type.Optional(I18nText),
  description: Type.Optional(Type.String()),
  ui: Type.Optional(NodeUi),
};

const ConnectorRef = Type.Object(
  { id: Type.String({ pattern: '^[a-z0-9-]+(:[a-zA-Z0-9-]+){1,3}$' }), version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$' }) },
  { additionalProperties: false },
);
const FlowRef = Type.Object(
  { key: Type.String({ pattern: FLOW_KEY_PATTERN }), version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const TriggerNode = Type.Object(
  {
    kind: Type.Literal('trigger'),
    trigger: Type.Union([
      Type.Object({ type: Type.Literal('api'), sync: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      Type.Object(
        {
          type: Type.Literal('schedule'), cron: Type.String({ minLength: 9 }), timezone: Type.Optional(Type.Literal('Asia/Ho_Chi_Minh')),
          /** The run's input, evaluated at fire time with `$firedAt` and the calendar helpers (docs/operations.md); absent: `{}`. */
          input: Type.Optional(Expression),
        },
        { additionalProperties: false },
      ),
      Type.Object({ type: Type.Literal('event'), event: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
      Type.Object(
        {
          /** A durable poller (one Temporal workflow per flow) asks the source for what changed since its cursor; each item starts one run. */
          type: Type.Literal('poll'),
          /** dvcqg.dossiers: new and updated dossiers on the national portal (DVCQG); ioc.feedback: new citizen-feedback items in the IOC. */
          source: Type.Union([Type.Literal('dvcqg.dossiers'), Type.Literal('ioc.feedback')]),
          /** The connection (credential) that reaches the source: ngsp-adapter for DVCQG, ioc for the IOC. */
          credentialId: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$' }),
          /** How long between polls (5s to 1d; default 30s). */
          every: Type.Optional(Duration),
          /** The run's input from the item (`$input` is the item); absent: the item itself. */
          input: Type.Optional(Expression),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          /** POST /api/v1/hooks/{flowKey}, signed with the trigger's HMAC secret (the outbound webhooks' x-lt-signature scheme). */
          type: Type.Literal('webhook'),
          /** The run's input from the delivered JSON body (`$input`); absent: the body itself. */
          input: Type.Optional(Expression),
        },
        { additionalProperties: false },
      ),
    ]),
    ...base,
  },
  { additionalProperties: false },
);

export const CallNode = Type.Object(
  {
    kind: Type.Literal('call'),
    connector: ConnectorRef,
    /** input field -> JSONata expression */
    input: Type.Record(Type.String(), Expression),
    credentialId: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$' })),
    timeout: Type.Optional(Duration),
    retry: Type.Optional(RetryPolicy),
    idempotencyKey: Type.Optional(Expression),
    compensate: Type.Optional(
      Type.Object({ connector: ConnectorRef, input: Type.Record(Type.String(), Expression), credentialId: Type.Optional(Type.String()) }, { additionalProperties: false }),
    ),
    ...base,
  },
  { additionalProperties: false },
);

export const TransformNode = Type.Object({ kind: Type.Literal('transform'), expression: Expression, ...base }, { additionalProperties: false });

export const SwitchNode = Type.Object(
  {
    kind: Type.Literal('switch'),
    /** Evaluated in order; the first true case's handle is taken, else "default". */
    cases: Type.Array(Type.Object({ handle: Type.String({ pattern: NODE_ID_PATTERN }), when: Expression }, { additionalProperties: false }), { minItems: 1 }),
    ...base,
  },
  { additionalProperties: false },
);

export const ParallelNode = Type.Object({ kind: Type.Literal('parallel'), ...base }, { additionalProperties: false });
export const JoinNode = Type.Object(
  { kind: Type.Literal('join'), mode: Type.Union([Type.Literal('all'), Type.Literal('any'), Type.Literal('n')]), n: Type.Optional(Type.Integer({ minimum: 1 })), ...base },
  { additionalProperties: false },
);

export const ForeachNode = Type.Object(
  {
    kind: Type.Literal('foreach'),
    /** A list; each element is bound as $item (and its position as $index) in the body's expressions. */
    items: Expression,
    /** How many items run at once (default 10). Results keep the items' order; failed items are listed in `errors`. */
    concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /** What runs per item: a connector call, a pinned subflow (a child run per item) or a JSONata transform. */
    body: Type.Union([
      Type.Object({
        call: Type.Object({
          connector: ConnectorRef, input: Type.Record(Type.String(), Expression), credentialId: Type.Optional(Type.String()),
          timeout: Type.Optional(Duration), retry: Type.Optional(RetryPolicy),
        }, { additionalProperties: false }),
      }, { additionalProperties: false }),
      Type.Object({ subflow: FlowRef, input: Type.Optional(Expression) }, { additionalProperties: false }),
      Type.Object({ transform: Expression }, { additionalProperties: false }),
    ]),
    ...base,
  },
  { additionalProperties: false },
);

export const WaitNode = Type.Object(
  {
    kind: Type.Literal('wait'),
    /** The signal's name: POST /api/v1/runs/{runId}/signals/{signal}. Its payload is the node's output. */
    signal: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,63}$' }),
    /** JSON Schema the payload must fit; the API refuses other payloads with 400 before the run sees them. */
    payloadSchema: Type.Optional(Type.Unknown()),
    /** Without a signal by then, the node exits by its "timeout" handle (or fails with FLOW_WAIT_TIMED_OUT if it has none). */
    timeout: Type.Optional(Duration),
    ...base,
  },
  { additionalProperties: false },
);

/** Who a task goes to: a role (of an agency: absent = the run's), a named user, or an expression over run data giving one of those. */
export const TaskAssignee = Type.Union([
  Type.Object({ role: Type.String({ pattern: '^[a-z][a-z-]{1,31}$' }), agency: Type.Optional(Type.String({ minLength: 1 })) }, { additionalProperties: false }),
  Type.Object({ user: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ expression: Expression }, { additionalProperties: false }),
]);

/** Where a late task goes: a role of an agency (absent: the task's own). */
export const TaskEscalation = Type.Object({ role: Type.String({ pattern: '^[a-z][a-z-]{1,31}$' }), agency: Type.Optional(Type.String({ minLength: 1 })) }, { additionalProperties: false });
/** One escalation target of a list: a role of an agency, or an expression over run data giving `{ role, agency }` (e.g. the handling agency). */
export const TaskEscalationTarget = Type.Union([TaskEscalation, Type.Object({ expression: Expression }, { additionalProperties: false })]);

export const TaskNode = Type.Object(
  {
    kind: Type.Literal('task'),
    /** A human task (docs/console.md): a person decides in the console's form; the decision is the node's output. */
    assignee: TaskAssignee,
    /** JSON Schema of the decision form; a decision that does not fit is refused with 400 before the run sees it. */
    form: Type.Record(Type.String(), Type.Unknown()),
    /** What the officer may see of the run (data minimisation); absent: nothing but the title. */
    context: Type.Optional(Expression),
    /**
     * Time to decide: hours, or working days of the province's calendar (catalogue data, read when the task is created).
     * The working days may be an expression over run data evaluated when the task is created (e.g. a procedure's processing
     * time read from the catalogue); it must give a whole number from 1 to 365.
     */
    deadline: Type.Optional(Type.Union([
      Type.Object({ hours: Type.Number({ exclusiveMinimum: 0, maximum: 8760 }) }, { additionalProperties: false }),
      Type.Object({ workingDays: Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Expression]) }, { additionalProperties: false }),
    ])),
    /** Reminders at these fractions of the deadline, e.g. [0.5, 0.8]. */
    reminders: Type.Optional(Type.Array(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }), { maxItems: 10 })),
    /**
     * At the deadline: hand the task to this role (it stays open), instead of the "timeout" handle. A list hands it to
     * several at once (DOMAIN §7.b: the handling agency's head and the PC Office): the first takes it over, the others'
     * agencies see it in their inboxes too and may decide it; whoever decides first decides for all.
     */
    escalate: Type.Optional(Type.Union([TaskEscalation, Type.Array(TaskEscalationTarget, { minItems: 1, maxItems: 5 })])),
    /**
     * The id of an earlier task node whose SLA clock this task continues (DOMAIN §7.b: paused while the flow waited on
     * the citizen): the time between that task's decision and this task's creation is a recorded pause, and the
     * deadline is that task's deadline moved later by the pause. Without such a task in the run, `deadline` applies.
     */
    continues: Type.Optional(Type.String({ pattern: NODE_ID_PATTERN })),
    ...base,
  },
  { additionalProperties: false },
);

export const DelayNode = Type.Object(
  {
    kind: Type.Literal('delay'),
    /** A durable timer: exactly one of a duration or an expression giving an ISO date-time. */
    duration: Type.Optional(Duration),
    until: Type.Optional(Expression),
    ...base,
  },
  { additionalProperties: false },
);

export const SubflowNode = Type.Object({ kind: Type.Literal('subflow'), flow: FlowRef, input: Type.Optional(Expression), ...base }, { additionalProperties: false });
export const RespondNode = Type.Object({
  kind: Type.Literal('respond'), output: Expression,
  /**
   * The answer is "accepted, still running" (REST 202 with the run id and its Location): the caller gets the result later
   * by its callback or GET /runs/{runId} (DOMAIN §7.a: PENDING while the national system is unavailable).
   */
  pending: Type.Optional(Type.Boolean()),
  ...base,
}, { additionalProperties: false });
export const EndNode = Type.Object({ kind: Type.Literal('end'), output: Type.Optional(Expression), ...base }, { additionalProperties: false });
export const FailNode = Type.Object(
  {
    kind: Type.Literal('fail'), code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' }), message: I18nText,
    /** The input field the failure is about (the caller's answer names it): its name and JSON pointer in the run's input. */
    where: Type.Optional(Type.Object({ field: Type.Optional(Type.String({ minLength: 1 })), pointer: Type.Optional(Type.String({ pattern: '^(/[^/]*)*$' })) }, { additionalProperties: false })),
    ...base,
  },
  { additionalProperties: false },
);

export const FlowNode = Type.Union([
  TriggerNode, CallNode, TransformNode, SwitchNode, ParallelNode, JoinNode, ForeachNode,
  WaitNode, TaskNode, DelayNode, SubflowNode, RespondNode, EndNode, FailNode,
]);

export const FlowEdge = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    source: Type.String({ pattern: NODE_ID_PATTERN }),
    /** "ok" (default), "error" (onError), a switch case handle, "default", "timeout". */
    sourceHandle: Type.Optional(Type.String()),
    target: Type.String({ pattern: NODE_ID_PATTERN }),
    targetHandle: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const FlowDocument = Type.Object(
  {
    key: Type.String({ pattern: FLOW_KEY_PATTERN }),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    title: I18nText,
    description: Type.Optional(I18nText),
    inputSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    outputSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    nodes: Type.Record(Type.String({ pattern: NODE_ID_PATTERN }), FlowNode),
    edges: Type.Array(FlowEdge),
    settings: Type.Optional(
      Type.Object(
        {
          /** Declared business keys, e.g. { dossierNo: "$input.dossierNo" }, become searchable. */
          businessKeys: Type.Optional(Type.Record(Type.String(), Expression)),
          syncTimeout: Type.Optional(Duration),
          /**
           * Days a finished run's data is kept (Liên Thông's own archive of it, and its Temporal history); after
           * that the run's data key is destroyed and only its audit metadata remains. Unset: kept until removed.
           * 0: destroyed as soon as the run completes (R-02: exchanged content is not kept after the transfer completes);
           * a failed or cancelled run at the next retention sweep.
           */
          retentionDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 36500,
            description: 'Số ngày giữ dữ liệu của lượt chạy sau khi kết thúc; 0: hủy ngay khi lượt chạy hoàn thành (R-02; lượt chạy lỗi hoặc bị hủy: ở lần quét kế tiếp), chỉ còn siêu dữ liệu và nhật ký kiểm toán. / Days a finished run\'s data is kept; 0: destroyed as soon as the run completes (R-02; a failed or cancelled run at the next sweep), only its metadata and the audit log remain.' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, $id: 'FlowDocument' },
);

export type FlowDocument = Static<typeof FlowDocument>;
export type FlowNode = Static<typeof FlowNode>;
export type FlowEdge = Static<typeof FlowEdge>;
export type TriggerNode = Static<typeof TriggerNode>;
export type CallNode = Static<typeof CallNode>;
export type TransformNode = Static<typeof TransformNode>;
export type SwitchNode = Static<typeof SwitchNode>;
export type ForeachNode = Static<typeof ForeachNode>;
export type WaitNode = Static<typeof WaitNode>;
export type TaskNode = Static<typeof TaskNode>;
export type TaskAssignee = Static<typeof TaskAssignee>;
export type TaskEscalationTarget = Static<typeof TaskEscalationTarget>;
export type DelayNode = Static<typeof DelayNode>;
export type SubflowNode = Static<typeof SubflowNode>;
export type RespondNode = Static<typeof RespondNode>;
export type EndNode = Static<typeof EndNode>;
export type FailNode = Static<typeof FailNode>;
export type NodeKind = FlowNode['kind'];
export type AnySchema = TSchema;
