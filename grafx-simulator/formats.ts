import { z } from "zod";

/** Output formats GraFx renders, plus `zip` for batched outputs. */
export const outputFormatSchema = z.enum(["pdf", "png", "jpg", "gif", "mp4", "zip"]);
export type OutputFormat = z.infer<typeof outputFormatSchema>;

export const contentTypeByFormat: Record<OutputFormat, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  mp4: "video/mp4",
  zip: "application/zip",
};

/**
 * The first bytes of a real file of each format, so a downloaded sample opens as the right kind of
 * file in a file browser (the rest is filler, not a valid document).
 */
export const magicBytesByFormat: Record<OutputFormat, Uint8Array> = {
  pdf: new TextEncoder().encode("%PDF-1.7\n"),
  png: Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  jpg: Uint8Array.of(0xff, 0xd8, 0xff, 0xe0),
  gif: new TextEncoder().encode("GIF89a"),
  mp4: Uint8Array.of(0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32),
  zip: Uint8Array.of(0x50, 0x4b, 0x03, 0x04),
};
