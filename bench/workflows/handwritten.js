// Benchmark 1's reference: the citizen-verification lookup written by hand as a Temporal workflow,
// with the same activity (ngsp:population:verifyCitizen@1) called the way the interpreter calls it
// (a short read-only lookup: local activity, startToClose 10 s from its manifest, default retry) and
// the same answer shape.
import { proxyLocalActivities, workflowInfo } from '@temporalio/workflow';

const acts = proxyLocalActivities({ startToCloseTimeout: '10s', retry: {} });

export async function handwrittenLookup({ input }) {
  const runId = workflowInfo().workflowId;
  const verify = acts['ngsp:population:verifyCitizen@1'];
  const out = await verify({
    input: {
      citizenId: input.applicant.soDinhDanh, fullName: input.applicant.hoVaTen, birthDate: input.applicant.ngaySinh,
      purpose: input.procedureCode.substring(0, 8), officerId: input.officerId,
    },
    credentialId: 'ngsp-dancu', idempotencyKey: `${runId}/verify`, nodeId: 'verify',
  });
  const output = { dossierNo: input.dossierNo, result: out.match ? 'MATCH' : 'MISMATCH', verifiedAt: out.checkedAt, source: out.source, requestId: out.requestId };
  return { output, response: output };
}
