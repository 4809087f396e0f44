import { errorCatalogue, type ErrorCode } from './catalogue.js';

export type Params = Readonly<Record<string, string | number | boolean | undefined>>;

/** Where a problem is: the node, the JSON pointer inside the document or body, the field name. */
export interface Where {
  readonly nodeId?: string;
  readonly pointer?: string;
  readonly field?: string;
}

export interface LtErrorJson {
  code: ErrorCode;
  message: { vi: string; en: string };
  where: Where;
  params?: Record<string, unknown>;
}

export function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    return v === undefined ? `{${k}}` : String(v);
  });
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(errorCatalogue, code);
}

export class LtError extends Error {
  override readonly name = 'LtError';
  constructor(
    readonly code: ErrorCode,
    readonly params: Params = {},
    readonly where: Where = {},
  ) {
    super(fill(errorCatalogue[code].en, params));
  }
  get retryable(): boolean {
    return errorCatalogue[this.code].retryable;
  }
  get status(): number {
    return errorCatalogue[this.code].status;
  }
  /** Vietnamese message; a `detailVi` param, when given, replaces `detail` (e.g. validator wording). */
  get messageVi(): string {
    const p = this.params.detailVi !== undefined ? { ...this.params, detail: this.params.detailVi } : this.params;
    return fill(errorCatalogue[this.code].vi, p);
  }
  toJSON(): LtErrorJson {
    return { code: this.code, message: { vi: this.messageVi, en: this.message }, where: this.where };
  }
  static fromJSON(json: LtErrorJson & { params?: Params }): LtError {
    return new LtError(json.code, json.params ?? {}, json.where);
  }
}

/** Many problems at once (validation, compilation): the API answers with all of them. */
export class LtErrors extends Error {
  override readonly name = 'LtErrors';
  constructor(readonly errors: readonly LtError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
  get status(): number {
    return this.errors[0]?.status ?? 400;
  }
}
