/**
 * Alerts: what claimwire sends when new reporting mentions a watched actor. Pure builders (alert, digest, Slack
 * message), the signing scheme (and its receiver-side check) and one guarded webhook delivery. No Redis or
 * Elasticsearch here: the alert queue's worker finds matches, calls {@link buildAlert} and {@link deliverWebhook},
 * and maps the error classes to retries.
 */
export {
  type ActorInput,
  type ArticleInput,
  alertIdFor,
  type BuildAlertInput,
  type BuildDigestInput,
  buildAlert,
  buildDigest,
  type ClaimInput,
  digestIdFor,
  watchOf,
} from './build-alert.ts';
export {
  buildWebhookRequest,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  type DeliverOptions,
  type DeliveryResult,
  deliverWebhook,
  WEBHOOK_USER_AGENT,
  type WebhookRequest,
  type WebhookRequestOptions,
} from './deliver.ts';
export {
  DEFAULT_TOLERANCE_SEC,
  SIGNATURE_VERSION,
  type SignatureFailure,
  signatureHeaderValue,
  signBody,
  type VerifyResult,
  type VerifySignatureInput,
  verifySignature,
  WEBHOOK_HEADERS,
} from './signature.ts';
export { escapeSlack, type SlackBlock, type SlackPayload, type SlackText, slackLink, toSlackPayload } from './slack.ts';
export type {
  AlertActor,
  AlertArticle,
  AlertClaim,
  AlertFormat,
  AlertPayload,
  AlertWatch,
  DigestEntry,
  DigestPayload,
  WatchInput,
  WatchQuery,
  WebhookPayload,
} from './types.ts';
export { describeWebhookUrl, type WebhookFailureReason } from './webhook-error.ts';
