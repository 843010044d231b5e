/**
 * As the SDK's file storage test, on one local file storage configuration (`test-file-server`):
 * paths with a leading `/` (the storage root), bytes and strings written and read back, a
 * directory ensured, created and listed, a file deleted. Everything observed goes to the session.
 */
import { FileStorageAgent, GenericLogic, Logic, LoggingAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

@Logic()
export default class TestFileStorage extends GenericLogic {
  async run() {
    LoggingAgent.info("test TestFileStorage");

    await this.testBytes();
    await this.testFilesystem();
  }

  async testBytes() {
    const fileStorageAgent = await FileStorageAgent.acquire("test-file-server");

    const urlOne = "/test_dir/test_file_1.txt";
    // data: "put to ftp server"
    const originDataOne = new Uint8Array([112, 117, 116, 32, 116, 111, 32, 102, 116, 112, 32, 115, 101, 114, 118, 101, 114]);
    const writtenOne = await fileStorageAgent.simplePut(urlOne, originDataOne);
    const receivedDataOne = await fileStorageAgent.simpleGet(urlOne);
    await SessionStorageAgent.putByteArray("receivedDataOne", receivedDataOne);

    const urlTwo = "/test_dir/test_file_2.txt";
    const writtenTwo = await fileStorageAgent.simplePut(urlTwo, "this project is called saffron");
    const receivedDataTwo = await fileStorageAgent.simpleGet(urlTwo);
    await SessionStorageAgent.putJson("receivedDataTwo", {
      isUint8Array: receivedDataTwo instanceof Uint8Array,
      text: Deno.core.decode(receivedDataTwo),
    });

    await SessionStorageAgent.putJson("written", [writtenOne, writtenTwo, await fileStorageAgent.simplePut("/test_dir/unicode.txt", "hello 你好")]);
  }

  async testFilesystem() {
    const fileStorageAgent = await FileStorageAgent.acquire("test-file-server");

    let url = "/sharing/r_file.txt";
    let content = Deno.core.encode("write r_file.txt");
    await fileStorageAgent.simplePut(url, content);

    let result = await fileStorageAgent.simpleGet(url);
    await SessionStorageAgent.putByteArray("fileTestReceivedData", result);

    url = "/sharing/not_exist/r_file.txt";
    content = Deno.core.encode("write not_exist/r_file.txt");
    await fileStorageAgent.simplePut(url, content, {
      ensureDir: true,
    });

    result = await fileStorageAgent.simpleGet(url);
    await SessionStorageAgent.putByteArray("fileTestReceivedData2", result);

    url = "/sharing/not_exist/new_dir";
    await fileStorageAgent.createDirAll(url);

    url = "/sharing/not_exist";
    await SessionStorageAgent.putJson("fileTestReceivedListResponse", await fileStorageAgent.list(url));

    url = "/sharing/not_exist/r_file.txt";
    await fileStorageAgent.delete(url);
    await SessionStorageAgent.putJson("listAfterDelete", await fileStorageAgent.list("/sharing/not_exist"));
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error.name}: ${error.message}`);
  }
}
