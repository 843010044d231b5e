/**
 * As the SDK's deno_extension/web test: base64, Deno.core.encode, TextEncoder/TextDecoder, Blob
 * and FileReader — the reader's result awaited before run returns.
 */
import { GenericLogic, Logic, LoggingAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestWeb extends GenericLogic {
  async run() {
    LoggingAgent.info("test TestWeb");

    const base64EncodeText = btoa("hello world");
    await SessionStorageAgent.putByteArray("base64EncodeText", Deno.core.encode(base64EncodeText));

    const base64PlainText = atob(base64EncodeText);
    await SessionStorageAgent.putByteArray("base64PlainText_uint8Array", Deno.core.encode(base64PlainText));
    const base64PlainTextString = atob("TWFnaWM=");
    await SessionStorageAgent.putByteArray("base64PlainText_string", Deno.core.encode(base64PlainTextString));

    const uint8array = new TextEncoder().encode("Hi 你好 🐳");
    await SessionStorageAgent.putByteArray("uint8array", uint8array);

    const string = new TextDecoder().decode(uint8array);
    await SessionStorageAgent.putString("string", string);
    await SessionStorageAgent.putString("denoCoreDecode", Deno.core.decode(uint8array));

    const blob = new Blob([JSON.stringify({ hello: "world" })], {
      type: "application/json",
    });
    await SessionStorageAgent.putJson("blob_size", blob.size as number);
    await SessionStorageAgent.putString("blob_type", blob.type);

    const loaded = new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.addEventListener("loadend", () => {
        // reader.result holds the blob's contents as an ArrayBuffer
        resolve(new TextDecoder().decode(reader.result as ArrayBuffer));
      });
      reader.readAsArrayBuffer(blob);
    });
    await SessionStorageAgent.putString("fileReader_result", await loaded);
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error}`);
  }
}
