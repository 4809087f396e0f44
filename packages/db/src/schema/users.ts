import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type RoleName = 'admin' | 'designer' | 'operator' | 'auditor' | 'agency-viewer' | 'officer';
/** A role, optionally limited to one agency (required for agency-viewer). */
export interface RoleGrant {
  role: RoleName;
  agency?: string;
}

/** People: designer, console and auditor accounts. `passwordHash` is scrypt; `externalId` is the seam for OIDC/VNeID. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash'),
  externalId: text('external_id'),
  roles: jsonb('roles').$type<RoleGrant[]>().notNull().default([]),
  status: text('status').$type<'active' | 'disabled'>().notNull().default('active'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
});
