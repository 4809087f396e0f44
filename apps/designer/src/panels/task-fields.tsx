import { useEffect, useState, type ReactNode } from 'react';
import type { NodeBody } from '../model/kinds.js';
import { useT } from '../i18n/lang.js';
import { TextField } from './text-field.js';

type TaskBody = Extract<NodeBody, { kind: 'task' }>;
type Expr = (label: string, value: string, onChange: (v: string) => void, testId: string, extra?: { required?: boolean; multiline?: boolean }) => ReactNode;

/**
 * A deadline from the unit and the typed amount (working days are whole days); nothing when the amount is empty or not
 * positive. Working days from an expression keep the text as typed (the compiler checks it).
 */
function deadlineOf(unit: string, amount: string): TaskBody['deadline'] {
  if (unit === 'workingDaysExpression') return amount.trim() ? { workingDays: amount } : undefined;
  const n = Number(amount);
  if (!(n > 0)) return undefined;
  return unit === 'hours' ? { hours: n } : { workingDays: Math.max(1, Math.round(n)) };
}

type EscalationTargets = Extract<NonNullable<TaskBody['escalate']>, unknown[]>;

/** An escalation list (several targets at once: `{ role, agency }` or `{ expression }`) edited as JSON; the compiler checks it. */
function EscalationList({ value, label, onChange }: { value: EscalationTargets; label: string; onChange: (v: EscalationTargets) => void }) {
  const [text, setText] = useState(JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  useEffect(() => { setText(JSON.stringify(value, null, 2)); setBad(false); }, [value]);
  return (
    <label className="lt-field">
      <span>{label}</span>
      <textarea rows={5} value={text} data-testid="field-task-escalate-list" aria-label={label} className={bad ? 'invalid' : ''}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const v = JSON.parse(e.target.value) as unknown;
            const ok = Array.isArray(v) && v.length > 0 && v.every((x) => !!x && typeof x === 'object');
            setBad(!ok);
            if (ok) onChange(v as EscalationTargets);
          } catch { setBad(true); }
        }} />
    </label>
  );
}

const modeOf = (a: TaskBody['assignee']): 'role' | 'user' | 'expression' => ('role' in a ? 'role' : 'user' in a ? 'user' : 'expression');

/** The `task` node's fields: who gets it, the run data they see, the deadline, reminders, escalation and the decision form. */
export function TaskFields({ body, set, expr }: { body: TaskBody; set: (patch: Partial<TaskBody>, field: string) => void; expr: Expr }) {
  const { t } = useT();
  const a = body.assignee;
  const [formText, setFormText] = useState(JSON.stringify(body.form, null, 2));
  const [formBad, setFormBad] = useState(false);
  useEffect(() => { setFormText(JSON.stringify(body.form, null, 2)); setFormBad(false); }, [body.form]);
  const setMode = (m: string) => set({ assignee: m === 'user' ? { user: '' } : m === 'expression' ? { expression: "{ 'role': 'officer' }" } : { role: 'officer' } }, 'assignee');
  const reminders = (body.reminders ?? []).join(', ');
  const d = body.deadline;
  const unit = d && 'hours' in d ? 'hours' : d && typeof d.workingDays === 'string' ? 'workingDaysExpression' : 'workingDays';
  const amount = !d ? '' : 'hours' in d ? String(d.hours) : String(d.workingDays);
  return (
    <>
      <label className="lt-field">
        <span>{t('panel.taskAssignee')}</span>
        <select value={modeOf(a)} data-testid="field-task-assignee-mode" aria-label={t('panel.taskAssignee')} onChange={(e) => setMode(e.target.value)}>
          <option value="role">{t('panel.taskAssigneeRole')}</option>
          <option value="user">{t('panel.taskAssigneeUser')}</option>
          <option value="expression">{t('panel.taskAssigneeExpression')}</option>
        </select>
      </label>
      {'role' in a && (
        <>
          <TextField label={t('panel.taskRole')} value={a.role} testId="task-role" onChange={(v) => set({ assignee: { ...a, role: v } }, 'assignee.role')} />
          <TextField label={t('panel.taskAgency')} value={a.agency ?? ''} testId="task-agency" placeholder="000.00.00.H48"
            onChange={(v) => set({ assignee: v ? { ...a, agency: v } : { role: a.role } }, 'assignee.agency')} />
        </>
      )}
      {'user' in a && <TextField label={t('panel.taskUser')} value={a.user} testId="task-user" onChange={(v) => set({ assignee: { user: v } }, 'assignee.user')} />}
      {'expression' in a && expr(t('panel.taskExpression'), a.expression, (v) => set({ assignee: { expression: v } }, 'assignee.expression'), 'task-assignee-expression')}
      {expr(t('panel.taskContext'), body.context ?? '', (v) => set({ context: v || undefined }, 'context'), 'task-context')}
      <label className="lt-field">
        <span>{t('panel.taskDeadlineUnit')}</span>
        <select value={unit} data-testid="field-task-deadline-unit" aria-label={t('panel.taskDeadlineUnit')}
          onChange={(e) => {
            // Switching to an expression starts from the amount typed; back to a number keeps it only if it is one.
            const to = e.target.value;
            set({ deadline: deadlineOf(to, to === 'workingDaysExpression' ? amount || '3' : Number(amount) > 0 ? amount : '1') }, 'deadline');
          }}>
          <option value="workingDays">{t('panel.taskWorkingDays')}</option>
          <option value="workingDaysExpression">{t('panel.taskWorkingDaysExpression')}</option>
          <option value="hours">{t('panel.taskHours')}</option>
        </select>
      </label>
      {unit === 'workingDaysExpression'
        ? expr(t('panel.taskDeadlineExpression'), amount, (v) => set({ deadline: deadlineOf(unit, v) }, 'deadline.workingDays'), 'task-deadline-expression')
        : <TextField label={t('panel.taskDeadline')} type="number" value={amount} testId="task-deadline" onChange={(v) => set({ deadline: deadlineOf(unit, v) }, 'deadline')} />}
      <TextField label={t('panel.taskReminders')} value={reminders} testId="task-reminders" placeholder="0.5, 0.8"
        onChange={(v) => { const r = v.split(',').map((x) => Number(x.trim())).filter((x) => x > 0 && x < 1); set({ reminders: r.length ? r : undefined }, 'reminders'); }} />
      {Array.isArray(body.escalate)
        ? <EscalationList value={body.escalate} label={t('panel.taskEscalateList')} onChange={(v) => set({ escalate: v }, 'escalate')} />
        : <TextField label={t('panel.taskEscalate')} value={body.escalate?.role ?? ''} testId="task-escalate"
          onChange={(v) => set({ escalate: v ? { ...body.escalate, role: v } : undefined }, 'escalate')} />}
      <label className="lt-field">
        <span>{t('panel.taskForm')}</span>
        <textarea rows={8} value={formText} data-testid="field-task-form" aria-label={t('panel.taskForm')} className={formBad ? 'invalid' : ''}
          onChange={(e) => {
            setFormText(e.target.value);
            try {
              const v = JSON.parse(e.target.value) as unknown;
              const ok = !!v && typeof v === 'object' && !Array.isArray(v);
              setFormBad(!ok);
              if (ok) set({ form: v as Record<string, unknown> }, 'form');
            } catch { setFormBad(true); }
          }} />
        {formBad && <small className="lt-error">{t('panel.taskFormInvalid')}</small>}
      </label>
    </>
  );
}
