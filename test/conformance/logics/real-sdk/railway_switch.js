// Hand-written in the shape rollup gives for a class-form generic logic built against the REAL SDK
// packages (see generic_a.js). The source was:
//
//   @Logic()
//   export default class RailwaySwitch extends GenericLogic {
//     async run() {
//       LoggingAgent.info('on Railway Ok');
//       throw new URIError('invalid URI');
//     }
//     async handleError(error: RailwayError) {
//       LoggingAgent.info(`on Railway Error: ${error.name}: ${error.message}`);
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

    let RailwaySwitch = class RailwaySwitch extends GenericLogic {
        async run() {
            LoggingAgent.info('on Railway Ok');
            throw new URIError('invalid URI');
        }
        async handleError(error) {
            LoggingAgent.info(`on Railway Error: ${error.name}: ${error.message}`);
        }
    };
    RailwaySwitch = __decorate([
        Logic()
    ], RailwaySwitch);
    var RailwaySwitch$1 = RailwaySwitch;

    return RailwaySwitch$1;

})();
