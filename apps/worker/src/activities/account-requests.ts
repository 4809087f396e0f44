import { ACCOUNT_REQUEST_ACTIVITY_NAMES, type AccountRequestActivities } from '@lienthong/temporal/contracts';
import { heartbeatingActivities } from './heartbeating.js';

// The account request workflow's activity (contract in @lienthong/temporal/contracts); the account requests service implements it.
export type { AccountRequestActivities };

export const accountRequestActivities = (impl: AccountRequestActivities): Record<string, (arg: never) => Promise<unknown>> =>
  heartbeatingActivities(ACCOUNT_REQUEST_ACTIVITY_NAMES, impl);
