// Hand-written in the shape rollup gives for a class-form aggregator logic built against the REAL
// SDK packages (see generic_a.js). The source was:
//
//   @Logic()
//   export default class Aggregator extends AggregatorLogic {
//     async run() {
//       const value = (await SessionStorageAgent.get('kuma')) as number;
//       ResultAgent.finalize({
//         kuma: value,
//         executedLogics: this.context.task.executedLogics.map((logic) => logic.name),
//       }).httpStatusCode(200);
//     }
//     async handleError(error: RailwayError) {
//       ResultAgent.finalize({
//         error: { name: error.name, message: error.message },
//         kuma: await SessionStorageAgent.get('kuma'),
//       }).httpStatusCode(500);
//     }
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
    class AggregatorLogic extends AbstractLogic {
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

    let Aggregator = class Aggregator extends AggregatorLogic {
        async run() {
            const value = (await SessionStorageAgent.get('kuma'));
            ResultAgent.finalize({
                kuma: value,
                executedLogics: this.context.task.executedLogics.map((logic) => logic.name),
            }).httpStatusCode(200);
        }
        async handleError(error) {
            ResultAgent.finalize({
                error: { name: error.name, message: error.message },
                kuma: await SessionStorageAgent.get('kuma'),
            }).httpStatusCode(500);
        }
    };
    Aggregator = __decorate([
        Logic()
    ], Aggregator);
    var Aggregator$1 = Aggregator;

    return Aggregator$1;

})();
