import { crc32, deflateSync } from 'node:zlib'

// Small images made on the spot for logo uploads: an 8-bit RGBA PNG drawn by a function,
// and the header bytes of a JPEG.

function chunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

export function pngImage(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bits per channel
  header[9] = 6 // RGBA
  const rows = Buffer.alloc(height * (1 + width * 4))
  for (let y = 0; y < height; y++) {
    rows[y * (1 + width * 4)] = 0 // no filter
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), y * (1 + width * 4) + 1 + x * 4)
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
}

/** A logo: a blue disc and a bar on a transparent ground, twice as wide as it is high. */
export const logoPng = (width = 240, height = 120) => pngImage(width, height, (x, y) => {
  const r = height * 0.4
  const inDisc = (x - height / 2) ** 2 + (y - height / 2) ** 2 < r * r
  const inBar = x > height && x < width - 10 && y > height * 0.4 && y < height * 0.6
  return inDisc ? [31, 95, 139, 255] : inBar ? [200, 120, 20, 255] : [0, 0, 0, 0]
})

/** The start of a baseline JPEG: SOI, a JFIF APP0 and a frame header of the given size. */
export function jpegHeader(width: number, height: number) {
  const app0 = Buffer.from([0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])
  const sof = Buffer.from([0xFF, 0xC0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
  return Buffer.concat([Buffer.from([0xFF, 0xD8]), app0, sof, Buffer.from([0xFF, 0xD9])])
}

export const dataUrl = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`
