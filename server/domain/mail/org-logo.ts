import { inflateSync } from 'node:zlib'
import PDFDocument from 'pdfkit'
import { OrgLogoModel } from '../../models/org-logo'

// The organisation's logo: a PNG or JPEG an admin uploads, checked here byte by byte so that
// the certificate PDF (pdfkit) and every browser can draw it, stored in the database and kept
// in this process for 30 seconds like the settings.

export const LOGO_MAX_BYTES = 300 * 1000
export const LOGO_MAX_SIDE = 1000
const LOGO_MIN_SIDE = 16
const ID = 'organisation'
const MAX_AGE_MS = 30_000

export interface LogoImage { contentType: 'image/png' | 'image/jpeg', width: number, height: number }
export interface StoredLogo extends LogoImage { data: Buffer, version: number }

/** Why an image can't be the logo, as a phrase that follows "the image". */
export class LogoRejected extends Error {}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const

/**
 * A PNG's header, and its pixel data inflated and walked scanline by scanline: pdfkit decodes
 * PNG pixels in a callback where a fault would not be caught, so nothing it could trip on
 * gets in.
 */
function readPng(bytes: Buffer): LogoImage {
  let pos = 8
  let header: { width: number, height: number, depth: number, type: number, interlace: number } | undefined
  let palette = false
  let ended = false
  const data: Buffer[] = []
  while (pos + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(pos)
    const type = bytes.toString('latin1', pos + 4, pos + 8)
    if (pos + 12 + length > bytes.length) throw new LogoRejected('is cut short (a chunk runs past the end of the file)')
    const body = bytes.subarray(pos + 8, pos + 8 + length)
    if (type === 'IHDR' && length === 13) {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8]!, type: body[9]!, interlace: body[12]! }
    }
    else if (type === 'PLTE') palette = true
    else if (type === 'IDAT') data.push(body)
    else if (type === 'IEND') {
      ended = true
      break
    }
    pos += 12 + length
  }
  if (!header) throw new LogoRejected('has no PNG header')
  if (!ended || !data.length) throw new LogoRejected('is cut short (no image data or no end)')
  const channels = PNG_CHANNELS[header.type]
  if (!channels) throw new LogoRejected('uses a PNG colour type we do not know')
  if (header.depth !== 8 && !(header.type === 3 && [1, 2, 4].includes(header.depth))) throw new LogoRejected('is not an 8-bit PNG: save it with 8 bits per channel')
  if (header.type === 3 && !palette) throw new LogoRejected('has no palette')
  checkSides(header.width, header.height)
  const rows: { width: number, height: number }[] = header.interlace
    ? ADAM7.map(([x, y, dx, dy]) => ({ width: Math.ceil((header!.width - x) / dx), height: Math.ceil((header!.height - y) / dy) })).filter(p => p.width > 0 && p.height > 0)
    : [{ width: header.width, height: header.height }]
  const expected = rows.reduce((sum, p) => sum + p.height * (1 + Math.ceil(p.width * channels * header!.depth / 8)), 0)
  let pixels: Buffer
  try {
    pixels = inflateSync(Buffer.concat(data), { maxOutputLength: expected + 1 })
  }
  catch {
    throw new LogoRejected('has damaged image data')
  }
  if (pixels.length !== expected) throw new LogoRejected('has damaged image data (the wrong amount of it)')
  let at = 0
  for (const p of rows) {
    const stride = 1 + Math.ceil(p.width * channels * header.depth / 8)
    for (let row = 0; row < p.height; row++, at += stride) {
      if (pixels[at]! > 4) throw new LogoRejected('has damaged image data (an unknown row filter)')
    }
  }
  return { contentType: 'image/png', width: header.width, height: header.height }
}

// Start-of-frame markers: baseline, progressive and the other coding processes.
const JPEG_FRAMES = new Set([0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF])

function readJpeg(bytes: Buffer): LogoImage {
  let pos = 2
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xFF) throw new LogoRejected('is a damaged JPEG')
    const marker = bytes[pos + 1]!
    if (marker === 0xFF) {
      pos++
      continue
    }
    const length = bytes.readUInt16BE(pos + 2)
    if (length < 2 || pos + 2 + length > bytes.length) throw new LogoRejected('is cut short')
    if (JPEG_FRAMES.has(marker)) {
      if (length < 8) throw new LogoRejected('is a damaged JPEG')
      const height = bytes.readUInt16BE(pos + 5)
      const width = bytes.readUInt16BE(pos + 7)
      const components = bytes[pos + 9]!
      if (![1, 3, 4].includes(components)) throw new LogoRejected('uses a JPEG colour model we do not know')
      checkSides(width, height)
      return { contentType: 'image/jpeg', width, height }
    }
    if (marker === 0xDA || marker === 0xD9) break
    pos += 2 + length
  }
  throw new LogoRejected('is a JPEG without a frame header')
}

function checkSides(width: number, height: number) {
  if (width < LOGO_MIN_SIDE || height < LOGO_MIN_SIDE) throw new LogoRejected(`is ${width} × ${height} pixels; it must be at least ${LOGO_MIN_SIDE} pixels each way`)
  if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) throw new LogoRejected(`is ${width} × ${height} pixels; it must be at most ${LOGO_MAX_SIDE} × ${LOGO_MAX_SIDE}`)
}

/** What a logo upload is, or why it can't be one: PNG or JPEG only, bounded in bytes and pixels. */
export function readLogoImage(bytes: Buffer): LogoImage {
  if (bytes.length > LOGO_MAX_BYTES) throw new LogoRejected(`is ${Math.ceil(bytes.length / 1000)} KB; at most ${LOGO_MAX_BYTES / 1000} KB is accepted`)
  let image: LogoImage
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) image = readPng(bytes)
  else if (bytes[0] === 0xFF && bytes[1] === 0xD8 && bytes[2] === 0xFF) image = readJpeg(bytes)
  else throw new LogoRejected('is not a PNG or JPEG file')
  // pdfkit reads the same header the certificate will draw from (openImage is missing from its types).
  try {
    (new PDFDocument({ autoFirstPage: false }) as unknown as { openImage: (src: Buffer) => unknown }).openImage(bytes)
  }
  catch {
    throw new LogoRejected('cannot be read by the certificate printer')
  }
  return image
}

let cached: { at: number, logo: StoredLogo | null } | undefined

export async function orgLogo(): Promise<StoredLogo | null> {
  if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.logo
  // Not lean: a hydrated document gives the bytes as a Buffer on MongoDB and FerretDB alike.
  const doc = await OrgLogoModel.findById(ID)
  const logo: StoredLogo | null = doc
    ? { contentType: doc.contentType as LogoImage['contentType'], width: doc.width, height: doc.height, data: Buffer.from(doc.data), version: new Date(doc.updatedAt).getTime() }
    : null
  cached = { at: Date.now(), logo }
  return logo
}

/** Stores a new logo (a data: URL, checked by readLogoImage) in place of the old one; a 400 names what is wrong. */
export async function saveOrgLogo(dataUrl: string): Promise<StoredLogo> {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64')
  let image: LogoImage
  try {
    image = readLogoImage(bytes)
  }
  catch (error) {
    if (error instanceof LogoRejected) throw invalidField('body', 'image', `The image ${error.message}.`)
    throw error
  }
  const updatedAt = new Date()
  await OrgLogoModel.updateOne({ _id: ID }, { $set: { ...image, data: bytes, updatedAt } }, { upsert: true, timestamps: false })
  const logo = { ...image, data: bytes, version: updatedAt.getTime() }
  cached = { at: Date.now(), logo }
  return logo
}

export async function removeOrgLogo() {
  await OrgLogoModel.deleteOne({ _id: ID })
  cached = { at: Date.now(), logo: null }
}

/** Where pages load the logo from; the version changes with each upload, so it may be cached. */
export const logoUrl = (logo: StoredLogo | null) => logo ? `/api/organisation/logo?v=${logo.version}` : null
