/** As the SDK's session storage test, plus what each put resolves, putByteArray of a string and remove. */
import { GenericLogic, Logic, LoggingAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestSessionStorage extends GenericLogic {
  async run() {
    const puts = [
      await SessionStorageAgent.putString("fstnetwork", "awesome"),
      await SessionStorageAgent.putJson("foo", 1 as number),
    ];

    const bar = Number(await SessionStorageAgent.get("foo")) + 3;
    puts.push(await SessionStorageAgent.putJson("bar", bar));

    const expected = Uint8Array.from([0x94, 0x87, 0x94, 0x87]);
    puts.push(await SessionStorageAgent.putByteArray("is87", expected));

    const bytes = (await SessionStorageAgent.get("is87")) as Uint8Array;
    await SessionStorageAgent.putJson("is87_check", {
      isUint8Array: bytes instanceof Uint8Array,
      isEqual: expected.length === bytes.length && expected.every((element, index) => element === bytes[index]),
    });

    puts.push(await SessionStorageAgent.putByteArray("byteArrayByString", "fromStr"));
    await SessionStorageAgent.putJson("baz", { baz: 777, list: [1, 2] });

    await SessionStorageAgent.putString("deleteMe", "shouldDelete");
    await SessionStorageAgent.delete("deleteMe");
    await SessionStorageAgent.putString("removeMe", "shouldRemove");
    await SessionStorageAgent.remove("removeMe");

    await SessionStorageAgent.putJson("puts", puts);
    await SessionStorageAgent.putJson("missing", { isNull: (await SessionStorageAgent.get("never-put")) === null });
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
