// Hand-written in the shape rollup (format "iife", name "Logic", `@fstnetwork/runtime` external as
// the global `Saffron`, @rollup/plugin-typescript with experimentalDecorators) gives for a class-form
// generic logic built against the REAL SDK packages (@fstnetwork/logic 0.10): the logic package's
// code inlined, every agent read from `Saffron`, the decorator applied through tslib's __decorate.
// The source was:
//
//   import { GenericLogic, Logic, LoggingAgent, RailwayError, SessionStorageAgent } from '@fstnetwork/logic';
//
//   @Logic()
//   export default class GenericA extends GenericLogic {
//     async run() {
//       await SessionStorageAgent.putJson('fstnetwork', 6000);
//       await SessionStorageAgent.putJson('magic', 9487);
//       LoggingAgent.info(`generic A runs as ${this.context.task.currentLogic?.name}`);
//     }
//     async handleError(error: RailwayError) { LoggingAgent.error(`${error}`); }
//   }
var Logic = (function () {
    'use strict';

    function __decorate(decorators, target, key, desc) {
        var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
        if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
        else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
        return c > 3 && r && Object.defineProperty(target, key, r), r;
    }

    class AbstractLogic {
    }
    class GenericLogic extends AbstractLogic {
        get context() {
            return Saffron.runtime.context;
        }
    }
    function Logic() {
        return (target) => {
            const logic = new target();
            Saffron.runtime.registerMain(logic.run.bind(logic));
            Saffron.runtime.registerErrorHandler(logic.handleError.bind(logic));
        };
    }

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

    let GenericA = class GenericA extends GenericLogic {
        async run() {
            await SessionStorageAgent.putJson('fstnetwork', 6000);
            await SessionStorageAgent.putJson('magic', 9487);
            LoggingAgent.info(`generic A runs as ${this.context.task.currentLogic?.name}`);
        }
        async handleError(error) {
            LoggingAgent.error(`${error}`);
        }
    };
    GenericA = __decorate([
        Logic()
    ], GenericA);
    var GenericA$1 = GenericA;

    return GenericA$1;

})();
