/**
 * alert: matching new reporting against the watches (called by the index stage before it writes), delivering each
 * alert to its webhook, and the nightly digest. Secrets are read from the stored watch at delivery time; a job payload
 * carries only the alert id.
 */
import { buildAlert, buildDigest, deliverWebhook } from '../src/alerts/index.ts';
import type { AlertPayload } from '../src/alerts/types.ts';
import { NonRetryableError } from '../src/errors.ts';
import type { Logger } from '../src/log.ts';
import type { AlertJobPayload } from '../src/queue/payloads.ts';
import { assertionsAlreadyReported } from '../src/store/assertions-query.ts';
import type { ArticleDocument, ClaimDocument } from '../src/store/documents.ts';
import {
  createAlert,
  getAlert,
  getWatch,
  listAlerts,
  listWatches,
  matchWatches,
  queryOf,
  updateAlert,
} from '../src/store/watches.ts';
import type { StageFailure } from './boundary.ts';
import type { StageDeps } from './deps.ts';

/**
 * Alerts for new reporting, stored first (create-only), then queued for delivery: one per watch the new article
 * matches; for a `new-assertion` watch, one per assertion about its actor that no stored article made before (an
 * assertion alerted once never alerts that watch again, whichever article repeats it). Re-extraction never calls this.
 */
export async function alertNewReporting(
  deps: StageDeps,
  article: ArticleDocument,
  claims: ClaimDocument[],
): Promise<number> {
  const matches = await matchWatches(deps.es, deps.indices, claims);
  let alerts = 0;
  for (const { watch, claims: matched } of matches) {
    const actor = deps.catalog.actors.get(watch.actorId) ?? {
      id: watch.actorId,
      name: matched[0]?.subject.name ?? watch.actorId,
      aliases: [],
    };
    const base = {
      watch: { id: watch.id, name: watch.name, query: queryOf(watch) },
      actor,
      article: {
        id: article.id,
        url: article.url,
        title: article.title,
        publisher: article.publisher,
        published: article.published,
      },
      now: deps.now(),
    };
    if (watch.on !== 'new-assertion') {
      await storeAndQueue(deps, buildAlert({ ...base, claims: matched }), watch.id, watch.actorId, article.id);
      alerts++;
      continue;
    }
    const byAssertion = new Map<string, ClaimDocument[]>();
    for (const c of matched) {
      if (!c.assertionKey) continue;
      byAssertion.set(c.assertionKey, [...(byAssertion.get(c.assertionKey) ?? []), c]);
    }
    const known = await assertionsAlreadyReported(deps.es, deps.indices, [...byAssertion.keys()], article);
    for (const [key, evidence] of byAssertion) {
      const first = evidence[0] as ClaimDocument;
      if (known.has(key) || !first.object) continue;
      const newAssertion = { id: key, predicate: first.predicate, object: first.object };
      await storeAndQueue(
        deps,
        buildAlert({ ...base, claims: evidence, newAssertion }),
        watch.id,
        watch.actorId,
        article.id,
      );
      alerts++;
    }
  }
  return alerts;
}

/** Stores an alert (create-only: an id seen before is not stored twice) and queues its delivery while pending. */
async function storeAndQueue(
  deps: StageDeps,
  payload: AlertPayload,
  watchId: string,
  actorId: string,
  articleId: string,
): Promise<void> {
  const created = await createAlert(deps.es, deps.indices, {
    id: payload.id,
    kind: 'alert',
    watchId,
    actorId,
    articleId,
    status: 'pending',
    attempts: 0,
    lastError: null,
    createdAt: payload.createdAt,
    deliveredAt: null,
    ackedAt: null,
    payload,
  });
  const existing = created ? null : await getAlert(deps.es, deps.indices, payload.id);
  if (created || existing?.status === 'pending') await deps.queues.addAlert(payload.id);
}

export async function processAlert(deps: StageDeps, data: AlertJobPayload, jobId: string | undefined): Promise<string> {
  if (data.kind === 'digest') return processDigest(deps);
  if (!data.alertId) throw new NonRetryableError('alert job without an alert id', { reason: 'invalid-job' });
  const alert = await getAlert(deps.es, deps.indices, data.alertId);
  if (!alert) throw new NonRetryableError(`alert ${data.alertId} does not exist`, { reason: 'alert-missing' });
  if (alert.status === 'delivered') return 'already delivered';
  const watch = await getWatch(deps.es, deps.indices, alert.watchId);
  if (!watch) throw new NonRetryableError(`the watch of alert ${alert.id} was deleted`, { reason: 'watch-deleted' });
  try {
    await deliverWebhook(watch.url, alert.payload as AlertPayload, {
      secret: watch.secret ?? undefined,
      format: watch.format,
      allowPrivate: deps.allowPrivateWebhooks,
      ...(deps.webhookAllow ? { allow: deps.webhookAllow } : {}),
      deliveryId: jobId ?? alert.id,
    });
  } catch (error) {
    await updateAlert(deps.es, deps.indices, alert.id, {
      attempts: alert.attempts + 1,
      lastError: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
  await updateAlert(deps.es, deps.indices, alert.id, {
    status: 'delivered',
    attempts: alert.attempts + 1,
    deliveredAt: deps.now().toISOString(),
    lastError: null,
  });
  return 'delivered';
}

/** The alert's last failure: it stays visible as `failed` until someone re-delivers it. */
export function markAlertFailed(
  deps: StageDeps,
): (data: AlertJobPayload, f: StageFailure, log: Logger) => Promise<void> {
  return async (data, f, log) => {
    if (data.alertId)
      await updateAlert(deps.es, deps.indices, data.alertId, {
        status: 'failed',
        lastError: `${f.reason}: ${f.message}`,
      });
    log.warn({ reason: f.reason }, `alert ${data.alertId ?? data.kind}: failed (${f.reason}): ${f.message}`);
  };
}

/** One webhook call per watch summarising the last day's alerts; watches with none get nothing. */
async function processDigest(deps: StageDeps): Promise<string> {
  const to = deps.now();
  const from = new Date(to.getTime() - 24 * 3600 * 1000);
  let sent = 0;
  for (const watch of await listWatches(deps.es, deps.indices)) {
    const alerts = await listAlerts(deps.es, deps.indices, {
      watchId: watch.id,
      kind: 'alert',
      since: from.toISOString(),
      size: 1000,
    });
    if (alerts.length === 0) continue;
    const payload = buildDigest({
      watch: { id: watch.id, name: watch.name, query: queryOf(watch) },
      alerts: alerts.map((a) => a.payload as AlertPayload),
      period: { from: from.toISOString(), to: to.toISOString() },
      now: to,
    });
    const stored = {
      id: payload.id,
      kind: 'digest' as const,
      watchId: watch.id,
      actorId: watch.actorId,
      articleId: null,
      attempts: 1,
      createdAt: to.toISOString(),
      ackedAt: null,
      payload,
    };
    try {
      await deliverWebhook(watch.url, payload, {
        secret: watch.secret ?? undefined,
        format: watch.format,
        allowPrivate: deps.allowPrivateWebhooks,
        ...(deps.webhookAllow ? { allow: deps.webhookAllow } : {}),
        deliveryId: payload.id,
      });
      await createAlert(deps.es, deps.indices, {
        ...stored,
        status: 'delivered',
        lastError: null,
        deliveredAt: to.toISOString(),
      });
      sent++;
    } catch (error) {
      await createAlert(deps.es, deps.indices, {
        ...stored,
        status: 'failed',
        lastError: (error as Error).message,
        deliveredAt: null,
      });
    }
  }
  return `${sent} digest(s) sent`;
}
