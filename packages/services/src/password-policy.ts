import { readFileSync } from 'node:fs';
import { LtError } from '@lienthong/errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
const MIN_DISTINCT_CHARACTERS = 5;

let common: Set<string> | null = null;
/** The shipped list (data/common-passwords.txt, lower case), read once. */
function commonPasswords(): Set<string> {
  common ??= new Set(readFileSync(new URL('../data/common-passwords.txt', import.meta.url), 'utf8').split('\n')
    .map((l) => l.trim().normalize('NFC').toLowerCase()).filter((l) => l && !l.startsWith('#')));
  return common;
}

/** A list entry with digits or symbols around it ("password1234!"), or repeated ("qwertyqwerty"), is as weak as the entry. */
function isCommon(password: string): boolean {
  const list = commonPasswords();
  const lower = password.normalize('NFC').toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (list.has(lower) || (core.length >= 4 && list.has(core))) return true;
  for (let n = 1; n <= lower.length / 2; n++) {
    if (lower.length % n === 0 && lower.slice(0, n).repeat(lower.length / n) === lower && list.has(lower.slice(0, n))) return true;
  }
  return false;
}

/** Why a password is refused (vi, en), or null when it passes: length, not the username, not common, not one character repeated. */
export function passwordWeakness(password: string, username: string): { vi: string; en: string } | null {
  const chars = [...password.normalize('NFC')];
  if (chars.length < PASSWORD_MIN_LENGTH) return { vi: `cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự`, en: `needs at least ${PASSWORD_MIN_LENGTH} characters` };
  if (chars.length > PASSWORD_MAX_LENGTH) return { vi: `tối đa ${PASSWORD_MAX_LENGTH} ký tự`, en: `at most ${PASSWORD_MAX_LENGTH} characters` };
  const name = username.normalize('NFC').toLowerCase();
  if (name.length >= 3 && password.normalize('NFC').toLowerCase().includes(name)) return { vi: 'không được chứa tên đăng nhập', en: 'must not contain the username' };
  if (new Set(chars).size < MIN_DISTINCT_CHARACTERS) return { vi: `cần ít nhất ${MIN_DISTINCT_CHARACTERS} ký tự khác nhau`, en: `needs at least ${MIN_DISTINCT_CHARACTERS} different characters` };
  if (isCommon(password)) return { vi: 'nằm trong danh sách mật khẩu phổ biến', en: 'is on the list of common passwords' };
  return null;
}

/** Throws USER_PASSWORD_WEAK (400, pointer /password) for a password the policy refuses. */
export function checkPasswordPolicy(password: string, username: string): void {
  const why = passwordWeakness(password, username);
  if (why) throw new LtError('USER_PASSWORD_WEAK', { detail: why.en, detailVi: why.vi }, { pointer: '/password', field: 'password' });
}
