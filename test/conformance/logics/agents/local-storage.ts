/**
 * As the SDK's local storage test: every put kind, get, delete. Values it keeps for later
 * executions are read back by local-storage-reader.
 */
import { GenericLogic, LocalStorageAgent, Logic, LoggingAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestLocalStorage extends GenericLogic {
  async run() {
    await LocalStorageAgent.putString("fstnetwork", "awesome");

    const arr = Deno.core.encode("bar");
    await LocalStorageAgent.putByteArray("fst", arr);
    await LocalStorageAgent.putByteArray("kawa", new Uint8Array([121, 111]));
    await LocalStorageAgent.putByteArray("byteArrayByString", "fromStr");

    await LocalStorageAgent.putJson("foo", 1);
    const bar = await LocalStorageAgent.get("foo");
    await LocalStorageAgent.putJson("bar", bar + 3);
    await LocalStorageAgent.putJson("baz", { baz: 777 });

    await LocalStorageAgent.putString("deleteMe", "shouldDelete");
    await LocalStorageAgent.delete("deleteMe");

    const expected = Uint8Array.from([0x94, 0x87, 0x94, 0x87]);
    await LocalStorageAgent.putByteArray("is87", expected);
    const bytes = (await LocalStorageAgent.get("is87")) as Uint8Array;
    await LocalStorageAgent.putJson("is87_check", {
      isUint8Array: bytes instanceof Uint8Array,
      isEqual: expected.length === bytes.length && expected.every((element, index) => element === bytes[index]),
    });

    // Kept for 10 s, for the default 300 s, for LOC's longest, one day.
    await LocalStorageAgent.putString("short", "ten seconds", 10);
    await LocalStorageAgent.putString("default", "five minutes");
    await LocalStorageAgent.putJson("long", { day: 1 }, 86_400);
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
