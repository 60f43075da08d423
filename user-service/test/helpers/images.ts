import sharp from "sharp";

const canvas = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } });

export const pngImage = (width = 64, height = 48): Promise<Buffer> =>
  canvas(width, height).png().toBuffer();

export const webpImage = (width = 64, height = 48): Promise<Buffer> =>
  canvas(width, height).webp().toBuffer();

/** A photo as a phone writes it: GPS position in EXIF, stored sideways (orientation 6). */
export const jpegWithGps = (): Promise<Buffer> =>
  canvas(64, 48)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "TestCam", Model: "Phone 1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "48/1 51/1 29/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "2/1 17/1 40/1",
        GPSMapDatum: "WGS-84",
      },
    })
    .toBuffer();

export const HTML = Buffer.from(
  "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
);

/** Tags of IFD0 of an EXIF block as sharp's metadata returns it (`Exif\0\0` + TIFF). */
export function exifIfd0Tags(exif: Buffer): number[] {
  const tiff = exif.toString("latin1", 0, 6) === "Exif\0\0" ? exif.subarray(6) : exif;
  const little = tiff.toString("latin1", 0, 2) === "II";
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  return Array.from({ length: u16(ifd0) }, (_, i) => u16(ifd0 + 2 + i * 12));
}

/** EXIF tag 0x8825: the pointer to the GPS IFD, where a photo's location lives. */
export const GPS_IFD_POINTER = 0x8825;

export const isWebp = (bytes: Buffer): boolean =>
  bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP";
