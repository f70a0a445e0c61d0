#!/usr/bin/python3
"""Writes the fuzzer's committed seed corpus: small valid images of every accepted format and
variant, and crafted headers that declare far more than they carry (the hostile cases of issue 11).

Run from the repository root with Debian's Python and Pillow (apt-get install python3-pil):
    /usr/bin/python3 decoder-fuzz/src/test/seeds/make_seeds.py
Seeds are kept small (a few hundred bytes to ~3 KB): libFuzzer's longest mutated input defaults to
the longest seed, and short inputs mean more executions per second. The output is deterministic.
"""
import io
import os
import struct
import zlib

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "resources", "com", "returnsorter", "inference",
                   "ImageDecoderFuzzTestInputs", "decodeAndPreprocess", "seeds")
# Open findings (inputs that still crash the decoder, which the regression run must not read yet):
# a seed whose name is already there is rewritten there rather than among the seeds.
OPEN_FINDINGS = os.path.join(os.path.dirname(HERE), "fuzz-findings")


def item(mode="RGB", size=(16, 16)):
    """A dark garment-like shape on a light background, like a return photo."""
    w, h = size
    image = Image.new("RGB", size, (235, 235, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle([w // 4, h // 6, 3 * w // 4, 5 * h // 6], fill=(40, 60, 120))
    draw.line([0, h - 1, w - 1, 0], fill=(200, 30, 30))
    if mode == "RGBA":
        image = image.convert("RGBA")
        image.putpixel((0, 0), (255, 255, 255, 0))
        image.putpixel((1, 0), (10, 10, 10, 128))
        return image
    return image.convert(mode)


def pillow(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


# --- PNG, written by hand where Pillow cannot (interlace, 16-bit colour, huge headers) -----------

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, depth, colour, rows, interlace=0, extra=b""):
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + extra
            + png_chunk(b"IDAT", zlib.compress(rows, 9)) + png_chunk(b"IEND", b""))


def png_rgb_rows(width, height, bytes_per_pixel):
    return b"".join(b"\x00" + bytes((x * 16 + y * 3 + c) & 0xFF for x in range(width) for c in range(bytes_per_pixel))
                    for y in range(height))


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png_interlaced(width, height):
    """An Adam7-interlaced 8-bit RGB PNG."""
    data = b""
    for x0, y0, dx, dy in ADAM7:
        xs = range(x0, width, dx)
        ys = range(y0, height, dy)
        if not xs or not ys:
            continue
        for y in ys:
            data += b"\x00" + b"".join(bytes(((x * 16) & 0xFF, (y * 16) & 0xFF, 128)) for x in xs)
    return png(width, height, 8, 2, data, interlace=1)


def png_declaring(width, height, depth, colour):
    """A valid header declaring width × height, with an IDAT of a few bytes."""
    return png(width, height, depth, colour, b"\x00" * 16)


def icc_declaring(size):
    """A 132-byte ICC profile header (RGB display profile, no tags) whose size field says `size`."""
    header = struct.pack(">I", size) + b"lcms" + b"\x02\x10\x00\x00" + b"mntr" + b"RGB " + b"XYZ " + b"\x00" * 12
    header += b"acsp" + b"\x00" * (128 - 40 - 4)
    return header + struct.pack(">I", 0)


# --- JPEG -----------------------------------------------------------------------------------------

def exif_orientation(value):
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, value, 0) + b"\x00\x00\x00\x00"
    return b"Exif\x00\x00" + tiff


def jpeg_declaring(width, height):
    """SOI, a baseline SOF0 declaring width × height, then EOI: no tables, no scan."""
    sof = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"
    return b"\xff\xd8" + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9"


def jpeg_repeated_scans(copies):
    """A progressive JPEG whose last AC scan is repeated: each copy is decoded again (issue 11)."""
    data = pillow(item("RGB", (16, 16)), "JPEG", quality=80, progressive=True)
    sos = [i for i in range(len(data) - 1) if data[i] == 0xFF and data[i + 1] == 0xDA]
    last = data[sos[-1]:-2]
    return data[:-2] + last * copies + b"\xff\xd9"


# --- TIFF, written by hand for strips and tiles that declare more than they hold -----------------

def tiff(width, height, entries_extra, pixel_data=b"\x80\x80\x80"):
    """Little-endian baseline RGB TIFF with the given (tag, type, count, value) entries added."""
    entries = [
        (256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 2),
        (277, 3, 1, 3), (284, 3, 1, 1),
    ] + entries_extra
    entries.sort()
    ifd_offset = 8
    data_offset = ifd_offset + 2 + 12 * len(entries) + 4
    out = b"II*\x00" + struct.pack("<I", ifd_offset) + struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        if value == "DATA":
            value = data_offset
        if kind == 3:
            out += struct.pack("<HHIHH", tag, kind, count, value, 0)
        else:
            out += struct.pack("<HHII", tag, kind, count, value)
    return out + b"\x00\x00\x00\x00" + pixel_data


def tiff_strip(width, height, rows_per_strip, byte_count):
    return tiff(width, height, [(273, 4, 1, "DATA"), (278, 4, 1, rows_per_strip), (279, 4, 1, byte_count)])


def tiff_tiled(width, height, tile_width, tile_length):
    return tiff(width, height, [(322, 4, 1, tile_width), (323, 4, 1, tile_length), (324, 4, 1, "DATA"), (325, 4, 1, 3)])


# --- WebP -----------------------------------------------------------------------------------------

def riff(chunks):
    body = b"WEBP" + chunks
    return b"RIFF" + struct.pack("<I", len(body)) + body


def webp_chunk(kind, data):
    return kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")


def vp8l_declaring(width, height):
    """A lossless WebP header declaring width × height (14-bit fields), with a few bytes of bitstream."""
    bits = (width - 1) | ((height - 1) << 14)  # alpha_is_used = 0, version = 0
    return riff(webp_chunk(b"VP8L", b"\x2f" + struct.pack("<I", bits) + b"\x00" * 8))


def vp8x_declaring(width, height):
    """An extended WebP whose VP8X canvas is width × height (24-bit fields), followed by a tiny VP8L."""
    flags = b"\x00\x00\x00\x00"
    canvas = struct.pack("<I", width - 1)[:3] + struct.pack("<I", height - 1)[:3]
    return riff(webp_chunk(b"VP8X", flags + canvas) + webp_chunk(b"VP8L", b"\x2f\x00\x00\x00\x00\x00\x00\x00\x00"))


def vp8_declaring(width, height):
    """A lossy WebP key frame header declaring width × height (14-bit fields)."""
    frame = b"\x10\x02\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height) + b"\x00" * 16
    return riff(webp_chunk(b"VP8 ", frame))


# --- GIF and BMP ------------------------------------------------------------------------------------

def gif_screen(screen_w, screen_h, frame_w, frame_h):
    """A GIF whose logical screen is screen_w × screen_h around one tiny frame."""
    header = b"GIF89a" + struct.pack("<HHBBB", screen_w, screen_h, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, frame_w, frame_h, 0)
    return header + image + b"\x02\x02\x44\x01\x00" + b"\x3b"


def bmp_declaring(width, height, bits):
    header_size = 14 + 40
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", header_size + 16, 0, 0, header_size) + info + b"\x00" * 16


def seeds():
    rgb = item("RGB")
    yield "png-rgb.png", pillow(rgb, "PNG")
    yield "png-rgba.png", pillow(item("RGBA"), "PNG")
    yield "png-palette.png", pillow(rgb.convert("P", palette=Image.ADAPTIVE, colors=8), "PNG")
    yield "png-palette-trns.png", pillow(rgb.convert("P", palette=Image.ADAPTIVE, colors=8), "PNG", transparency=0)
    yield "png-gray.png", pillow(item("L"), "PNG")
    yield "png-gray-alpha.png", pillow(item("LA"), "PNG")
    yield "png-bilevel.png", pillow(item("1"), "PNG")
    yield "png-gray16.png", pillow(item("L").convert("I;16"), "PNG")
    yield "png-rgb16.png", png(8, 8, 16, 2, png_rgb_rows(8, 8, 6))
    yield "png-rgba16.png", png(8, 8, 16, 6, png_rgb_rows(8, 8, 8))
    yield "png-interlaced.png", png_interlaced(11, 9)
    yield "png-gamma-iccp.png", png(4, 4, 8, 2, png_rgb_rows(4, 4, 3),
                                    extra=png_chunk(b"gAMA", struct.pack(">I", 45455))
                                    + png_chunk(b"iCCP", b"x\x00\x00" + zlib.compress(b"\x00" * 128)))
    yield "hostile-png-icc-declares-2gb.png", png(4, 4, 8, 2, png_rgb_rows(4, 4, 3),
                                                 extra=png_chunk(b"iCCP", b"x\x00\x00" + zlib.compress(icc_declaring(0x7FFF0000))))
    yield "hostile-png-40Mpx-rgba.png", png_declaring(40_000_000, 1, 8, 6)
    yield "hostile-png-30Mpx-rgb16.png", png_declaring(30_000_000, 1, 16, 2)
    yield "hostile-png-100000x100000.png", png_declaring(100_000, 100_000, 8, 2)
    yield "hostile-png-interlaced-6000x6000.png", png(6000, 6000, 8, 6, b"\x00" * 16, interlace=1)

    yield "jpeg-baseline.jpg", pillow(rgb, "JPEG", quality=75)
    yield "jpeg-progressive.jpg", pillow(rgb, "JPEG", quality=75, progressive=True)
    yield "jpeg-gray.jpg", pillow(item("L"), "JPEG", quality=75)
    yield "jpeg-cmyk.jpg", pillow(item("CMYK"), "JPEG", quality=75)
    yield "jpeg-subsampled-420.jpg", pillow(item("RGB", (17, 13)), "JPEG", quality=60, subsampling=2)
    yield "jpeg-exif-orientation-6.jpg", pillow(item("RGB", (16, 8)), "JPEG", quality=75, exif=exif_orientation(6))
    yield "jpeg-icc.jpg", pillow(rgb, "JPEG", quality=75, icc_profile=b"\x00" * 132)
    yield "hostile-jpeg-icc-declares-2gb.jpg", pillow(rgb, "JPEG", quality=75, icc_profile=icc_declaring(0x7FFF0000))
    yield "hostile-jpeg-65000x65000.jpg", jpeg_declaring(65_000, 65_000)
    yield "hostile-jpeg-repeated-scans.jpg", jpeg_repeated_scans(40)

    yield "gif-static.gif", pillow(rgb.convert("P", palette=Image.ADAPTIVE, colors=16), "GIF")
    frames = [item("RGB").convert("P", palette=Image.ADAPTIVE, colors=8),
              item("RGB").rotate(90).convert("P", palette=Image.ADAPTIVE, colors=8)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    yield "gif-animated.gif", out.getvalue()
    yield "hostile-gif-screen-65535x65535.gif", gif_screen(65535, 65535, 2, 2)
    yield "hostile-gif-frame-65535x65535.gif", gif_screen(2, 2, 65535, 65535)

    yield "bmp-24.bmp", pillow(rgb, "BMP")
    yield "bmp-8.bmp", pillow(rgb.convert("P", palette=Image.ADAPTIVE, colors=16), "BMP")
    yield "bmp-1.bmp", pillow(item("1"), "BMP")
    yield "hostile-bmp-60000x60000.bmp", bmp_declaring(60_000, 60_000, 24)
    yield "hostile-bmp-40000000x1-top-down.bmp", bmp_declaring(40_000_000, -1, 32)

    yield "webp-lossy.webp", pillow(rgb, "WEBP", quality=70)
    yield "webp-lossless.webp", pillow(rgb, "WEBP", lossless=True)
    yield "webp-lossy-alpha.webp", pillow(item("RGBA"), "WEBP", quality=70)
    yield "webp-lossless-alpha.webp", pillow(item("RGBA"), "WEBP", lossless=True)
    yield "webp-icc.webp", pillow(rgb, "WEBP", quality=70, icc_profile=icc_declaring(132))
    yield "hostile-webp-icc-declares-2gb.webp", pillow(rgb, "WEBP", quality=70, icc_profile=icc_declaring(0x7FFF0000))
    yield "hostile-webp-vp8l-16384x2441.webp", vp8l_declaring(16384, 2441)
    yield "hostile-webp-vp8x-16777216x16777216.webp", vp8x_declaring(1 << 24, 1 << 24)
    yield "hostile-webp-vp8-16383x16383.webp", vp8_declaring(16383, 16383)

    yield "tiff-raw.tif", pillow(rgb, "TIFF")
    yield "tiff-lzw.tif", pillow(rgb, "TIFF", compression="tiff_lzw")
    yield "tiff-deflate.tif", pillow(rgb, "TIFF", compression="tiff_adobe_deflate")
    yield "tiff-packbits.tif", pillow(rgb, "TIFF", compression="packbits")
    yield "tiff-gray.tif", pillow(item("L"), "TIFF")
    yield "tiff-tiled.tif", tiff_tiled(1, 1, 16, 16)
    yield "hostile-tiff-strip-40Mpx.tif", tiff_strip(40_000_000, 1, 1, 3)
    yield "hostile-tiff-tile-64000000x1.tif", tiff_tiled(1, 1, 64_000_000, 1)
    yield "hostile-tiff-tile-65536x65536.tif", tiff_tiled(16, 16, 65536, 65536)


def open_findings():
    found = {}
    for folder, _, names in os.walk(OPEN_FINDINGS):
        for name in names:
            found[name] = os.path.join(folder, name)
    return found


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    still_open = open_findings()
    for name, data in seeds():
        path = still_open.get(name, os.path.join(OUT, name))
        with open(path, "wb") as f:
            f.write(data)
        print(f"{len(data):7d}  {os.path.relpath(path, HERE)}")


if __name__ == "__main__":
    main()
