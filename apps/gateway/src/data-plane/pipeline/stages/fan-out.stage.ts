import { Injectable } from '@nestjs/common';
import { compareAnswer, type CallResult } from '../../routing/fan-out/fan-out-answer';
import {
  createFanOutCall,
  discardReply,
  fanOutHeaders,
  firstAnswered,
} from '../../routing/fan-out/fan-out-call';
import { readFanOutRequest } from '../../routing/fan-out/fan-out-request';
import { runCleanups, type RequestContext } from '../request-context';
import { recordFailure, recordReplyStatus } from '../request-outcome';
import type { Stage } from '../stage';
import { AdmitStage } from './admit.stage';
import { CallProviderStage } from './call-provider.stage';
import { RouteStage } from './route.stage';
import { SettleStage } from './settle.stage';

/** Why the calls that lost a `first` race are aborted. */
const LOST_RACE = new DOMException('another model of the fan-out answered first', 'AbortError');

/**
 * Multi-model fan-out (headers x-llmguard-fan-out and x-llmguard-fan-out-mode): one request asks several models.
 * Each model becomes a call of its own (createFanOutCall) that goes through the route, admit and call-provider
 * stages, so the key must be allowed every model, the tenant's rules and limits apply to each call, and each call
 * is metered as its own usage event. Every model is routed, then every call admitted, before any is made: one
 * refusal refuses the request. `compare` waits for every call and answers with the first listed model's response
 * plus all answers in `llmguard_fan_out`; `first` answers with the first call to answer (a stream: the first whose
 * headers arrive) and aborts the others. Ordinary requests pass through untouched.
 */
@Injectable()
export class FanOutStage implements Stage {
  readonly name = 'fan-out';

  constructor(
    private readonly route: RouteStage,
    private readonly admit: AdmitStage,
    private readonly callProvider: CallProviderStage,
    private readonly settle: SettleStage,
  ) {}

  async run(context: RequestContext): Promise<void> {
    const fanOut = readFanOutRequest(context);
    if (!fanOut) return;
    const calls = fanOut.models.map((model, index) => createFanOutCall(context, model, index + 1));
    // Refused while routing (a model the key may not use), the request is metered as one, like any refused one.
    for (const call of calls) await this.route.run(call);
    context.fanOutCalls = calls;
    await this.admitEvery(calls);
    if (fanOut.mode === 'compare') await this.compare(context, calls);
    else await this.race(context, calls);
  }

  /** All or nothing: a refused call refuses the request, and the others give back what admission reserved. */
  private async admitEvery(calls: readonly RequestContext[]): Promise<void> {
    const decisions = await Promise.allSettled(
      calls.map((call) => (call.upstream ? undefined : this.admit.run(call))),
    );
    const refusal = decisions.find((decision) => decision.status === 'rejected');
    if (!refusal) return;
    for (const [index, call] of calls.entries()) {
      const decision = decisions[index];
      if (decision?.status !== 'rejected') {
        this.settle.release(call);
        continue;
      }
      recordFailure(call, decision.reason);
      await this.finish(call); // metered as refused, like any refused request
    }
    throw refusal.reason;
  }

  private async compare(context: RequestContext, calls: readonly RequestContext[]): Promise<void> {
    const results = await Promise.all(calls.map((call) => this.complete(call)));
    await Promise.all(calls.map((call) => this.finish(call)));
    const answer = compareAnswer(results);
    if (!answer) return this.endAsFirst(context, results);
    context.upstream = answer.reply;
    context.responseHeaders = fanOutHeaders('compare', answer.served.call);
  }

  private async race(context: RequestContext, calls: readonly RequestContext[]): Promise<void> {
    const ended = new Set<RequestContext>();
    const results = calls.map((call) => this.complete(call).then((result) => (ended.add(call), result)));
    const winner = await firstAnswered(results);
    for (const [index, call] of calls.entries()) {
      if (call === winner?.call) continue;
      const cancelled = !ended.has(call);
      if (cancelled) call.upstreamAbort.abort(LOST_RACE);
      void results[index]?.then(() => this.finishLoser(call, cancelled));
    }
    if (!winner) return this.endAsFirst(context, await Promise.all(results));
    const served = winner.call;
    served.responseHeaders = fanOutHeaders('first', served);
    context.responseHeaders = served.responseHeaders;
    context.upstream = served.upstream;
    // A stream is metered while the client reads it, and settled by the responder when it ends.
    if (served.upstream?.kind === 'stream') context.servedBy = served;
    else await this.finish(served);
  }

  /**
   * A call that did not win. One cancelled before any answer cost nothing: it only gives back what it held. One
   * whose stream had begun is cut off and metered as such (its prompt was processed). Any other ended on its own
   * (an answer that came second, a failure) and is metered like any request.
   */
  private async finishLoser(call: RequestContext, cancelled: boolean): Promise<void> {
    if (cancelled && !call.upstream) {
      this.settle.release(call);
      return runCleanups(call);
    }
    if (call.upstream?.kind === 'stream') {
      discardReply(call.upstream);
      call.outcome = 'client_disconnected';
    }
    return this.finish(call);
  }

  /** Runs one call to its end. Never throws: a failure is recorded on the call and returned. */
  private async complete(call: RequestContext): Promise<CallResult> {
    try {
      if (!call.upstream) await this.callProvider.run(call);
      const upstream = call.upstream;
      if (!upstream) throw new Error('fan-out call ended without an upstream reply');
      recordReplyStatus(call, upstream.status);
      return { call };
    } catch (error) {
      return { call, failure: recordFailure(call, error) };
    }
  }

  /** No model answered: the request ends as its first model's call did (its error answer, or its failure). */
  private endAsFirst(context: RequestContext, results: readonly CallResult[]): void {
    const [first] = results;
    if (!first) throw new Error('fan-out without calls');
    context.responseHeaders = first.call.responseHeaders;
    if (first.failure) throw first.failure;
    context.upstream = first.call.upstream;
  }

  private async finish(call: RequestContext): Promise<void> {
    this.settle.run(call);
    await runCleanups(call);
  }
}
