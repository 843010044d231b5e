export { startKafkaBroker, type KafkaBroker, type StartKafkaBrokerOptions } from "./broker";
export { installKafkaJars } from "./install-jars";
export { kafkaAnswers } from "./probe";
