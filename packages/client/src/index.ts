// @lienthong/client: the Liên Thông API for agency systems — tRPC typed from the platform's router, and REST — with
// every request signed by the system's key (AWS SigV4), and errors carrying the platform's catalogue code.
export { createLtTrpcClient, sigv4Link, ltErrorLink, signingFetch, type LtClientOptions, type LtTrpcClient } from './trpc.js';
export { createLtRestClient, type LtRestClient, type RestClientOptions, type RunStarted, type RunView } from './rest.js';
export { LtClientError, fromTrpcError, type LtErrorJson } from './errors.js';
export { createRequestSigner, LT_SIGV4_SERVICE, type LtCredentials, type RequestSigner, type SignOptions } from './signer.js';
