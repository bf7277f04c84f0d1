import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { completionSentence } from '../../shared/utils/certificate-text'
import { LogoRejected, readLogoImage } from '../../server/domain/mail/org-logo'
import { jpegHeader, logoPng, pngImage } from '../support/images'

describe('the certificate sentence', () => {
  it.each([
    ['New staff essentials', 'has completed the learning path “New staff essentials”.'],
    ['Customer Service Essentials', 'has completed the learning path “Customer Service Essentials”.'],
    ['The Acme way.', 'has completed the learning path “The Acme way”.'],
    ['  Returns!  ', 'has completed the learning path “Returns”.'],
  ])('names the path %j as a quoted title in a whole sentence', (title, sentence) => {
    expect(completionSentence(title)).toBe(sentence)
  })
})

describe('the organisation logo check', () => {
  const rejection = (bytes: Buffer) => {
    try {
      readLogoImage(bytes)
      return null
    }
    catch (error) {
      expect(error).toBeInstanceOf(LogoRejected)
      return (error as Error).message
    }
  }

  it('accepts an 8-bit PNG and a JPEG, with their sizes', () => {
    expect(readLogoImage(logoPng(240, 120))).toEqual({ contentType: 'image/png', width: 240, height: 120 })
    expect(readLogoImage(jpegHeader(400, 100))).toEqual({ contentType: 'image/jpeg', width: 400, height: 100 })
  })

  it.each([
    ['a GIF', Buffer.from('GIF89a\x10\x00\x10\x00', 'latin1'), 'is not a PNG or JPEG file'],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'is not a PNG or JPEG file'],
    ['a PNG too wide', logoPng(1200, 100), 'at most 1000 × 1000'],
    ['a PNG too small', logoPng(8, 8), 'at least 16 pixels'],
    ['a JPEG too tall', jpegHeader(100, 4000), 'at most 1000 × 1000'],
    ['a PNG cut short', logoPng().subarray(0, 60), 'cut short'],
    ['a file over 300 KB', Buffer.concat([logoPng(), Buffer.alloc(300_001)]), 'at most 300 KB'],
  ])('refuses %s', (_name, bytes, message) => {
    expect(rejection(bytes)).toContain(message)
  })

  it('refuses a PNG whose pixel data does not inflate, or has the wrong length or filters', () => {
    const good = logoPng(32, 32)
    // Corrupt the compressed pixels: the IDAT starts after the signature (8) and the IHDR chunk (25).
    const broken = Buffer.from(good)
    broken.fill(0x55, 33 + 8, 33 + 20)
    expect(rejection(broken)).toContain('damaged')
    // Pixel rows for a 32 × 31 image under a 32 × 32 header.
    const short = pngImage(32, 31, () => [0, 0, 0, 255])
    const header = Buffer.from(short)
    header.writeUInt32BE(32, 20)
    expect(rejection(header)).toMatch(/damaged|cut short/)
    // A row filter of 9 (only 0–4 exist), with a matching IDAT.
    const rows = Buffer.alloc(16 * (1 + 16 * 4))
    rows[0] = 9
    const filtered = pngImage(16, 16, () => [0, 0, 0, 0])
    const idatStart = 33
    const idatLength = filtered.readUInt32BE(idatStart)
    const compressed = deflateSync(rows)
    const rebuilt = Buffer.concat([filtered.subarray(0, idatStart), Buffer.alloc(4), Buffer.from('IDAT'), compressed, Buffer.alloc(4), filtered.subarray(idatStart + 12 + idatLength)])
    rebuilt.writeUInt32BE(compressed.length, idatStart)
    expect(rejection(rebuilt)).toContain('row filter')
  })
})
