// The exchange workflow lives with its domain, behind @lienthong/exchange/workflows; the bundle takes it from there.
export { exchangeWorkflow } from '@lienthong/exchange/workflows';
