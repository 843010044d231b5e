// Hand-written in the shape rollup gives for a function-form generic logic built against the REAL
// SDK packages, written as the SDK's own function-form test writes it: no export (so no iife
// result), `run` / `handleError` put on the global object. The source was:
//
//   import { GenericContext, RailwayError, SessionStorageAgent } from '@fstnetwork/logic';
//
//   async function run(ctx: GenericContext) {
//     const payload = await ctx.payload();
//     await SessionStorageAgent.putJson('fstnetwork', 'http' in payload ? 6000 : 0);
//   }
//   async function handleError(ctx: GenericContext, error: RailwayError) {
//     await SessionStorageAgent.putString('handled', `${error.name}: ${error.message}`);
//   }
//   Object.assign(globalThis, { run, handleError });
(function () {
    'use strict';

    const { Mail } = Saffron;
    const { LocalStorageAgent } = Saffron;
    const { SessionStorageAgent } = Saffron;
    const { LogicVariable } = Saffron;
    const { DatabaseAgent } = Saffron;
    const { EventAgent } = Saffron;
    const { FileStorageAgent } = Saffron;
    const { HttpAgent } = Saffron;
    const { LoggingAgent } = Saffron;
    const { MailAgent } = Saffron;
    const { ResultAgent } = Saffron;

    async function run(ctx) {
        const payload = await ctx.payload();
        await SessionStorageAgent.putJson('fstnetwork', 'http' in payload ? 6000 : 0);
    }
    async function handleError(ctx, error) {
        await SessionStorageAgent.putString('handled', `${error.name}: ${error.message}`);
    }
    Object.assign(globalThis, { run, handleError });

})();
