import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Response } from 'express';
import type { Context } from '../graphql/context.js';

/** What one GraphQL operation did, for the request log and the metrics of the HTTP request that carried it. */
export interface OperationReport {
  /** The operation's name once Apollo resolved it; undefined for an anonymous or unresolved operation. */
  operationName: string | undefined;
  /** The query cost the cost-limit plugin set as `contextValue.cost` during didResolveOperation, if any. */
  cost: number | undefined;
  /** From Apollo receiving the request to the response being ready (parse, validate, execute). */
  durationSeconds: number;
  /** `extensions.code` of each error the client gets, as formatted for it. */
  errorCodes: string[];
}

/**
 * The HTTP response a context belongs to, put there by the context factory (`reportTo`) so the
 * plugin can leave its report where the HTTP middleware (request log, metrics) reads it once the
 * response is finished. A symbol keeps it out of Context's type and survives the shallow copy
 * Apollo makes of the context for each operation (a WeakMap keyed by the context would not).
 * In-process operations (the warm-up) have no response and are not reported.
 */
const RESPONSE = Symbol('chainkb.response');
type WithResponse = { [RESPONSE]?: Response };

export function reportTo(context: Context, res: Response): Context {
  (context as WithResponse)[RESPONSE] = res;
  return context;
}

/** The report of the operation a response carried, once the response is finished; undefined for other routes. */
export function operationReportOf(res: Response): OperationReport | undefined {
  return res.locals.operationReport as OperationReport | undefined;
}

/** The cost, if the cost-limit plugin set a finite number. */
function costOf(context: Context): number | undefined {
  const cost = (context as { cost?: unknown }).cost;
  return typeof cost === 'number' && Number.isFinite(cost) ? cost : undefined;
}

export function operationReportPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, response }) {
          const res = (contextValue as WithResponse)[RESPONSE];
          if (!res) return;
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const report: OperationReport = {
            operationName: operationName ?? undefined,
            cost: costOf(contextValue),
            durationSeconds: (performance.now() - started) / 1000,
            errorCodes: errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN')),
          };
          res.locals.operationReport = report;
        },
      };
    },
  };
}
