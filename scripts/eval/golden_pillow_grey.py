"""Golden grey pixels of Pillow's Image.open(f).convert('L') on small encoded images (PNG RGB, RGBA,
palette, grey+alpha, 4-bit grey, 16-bit RGB; JPEG RGB baseline and progressive, JPEG grey), for
src/core/eval/greyImage.test.ts (ctsieve's decodeGreyImage must give every pixel). Made by Pillow
only, never by ctsieve:
    /usr/bin/python3 scripts/eval/golden_pillow_grey.py      (Debian python3-pil 9.4.0, libjpeg-turbo 2.1.5)
writes tests/fixtures/eval/pillow_grey.json: {pillow, cases: [{name, mode, rows, cols, file (base64 of
the encoded file), grey (base64 of the rows×cols uint8 pixels, row-major)}]}."""
import base64, io, json, os, struct, zlib
import numpy as np, PIL
from PIL import Image

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'tests', 'fixtures', 'eval', 'pillow_grey.json')
rng = np.random.default_rng(7)


def smooth_rgb(rows, cols):
    """A colour image with smooth areas and noise (JPEG blocks see both) and a saturated red band."""
    y, x = np.mgrid[0:rows, 0:cols]
    base = np.stack([x * 255 // max(cols - 1, 1), y * 255 // max(rows - 1, 1), (x + y) * 127 // max(rows + cols - 2, 1)], -1)
    noise = rng.integers(-40, 40, (rows, cols, 3))
    img = np.clip(base + noise, 0, 255).astype(np.uint8)
    img[: rows // 4] = [220, 20, 60]
    return img


def encode(im, fmt, **kw):
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


cases = []
def add(name, data):
    im = Image.open(io.BytesIO(data))
    grey = np.asarray(im.convert('L'), dtype=np.uint8)
    cases.append({'name': name, 'mode': im.mode, 'rows': grey.shape[0], 'cols': grey.shape[1],
                  'file': base64.b64encode(data).decode(), 'grey': base64.b64encode(grey.tobytes()).decode()})


rgb = smooth_rgb(19, 23)
add('rgb.png', encode(Image.fromarray(rgb, 'RGB'), 'PNG'))
rgba = np.concatenate([rgb, rng.integers(0, 256, (19, 23, 1), dtype=np.uint8)], -1)
add('rgba.png', encode(Image.fromarray(rgba, 'RGBA'), 'PNG'))
add('palette.png', encode(Image.fromarray(rgb, 'RGB').quantize(37), 'PNG'))
la = np.stack([rgb[..., 1], rgb[..., 0]], -1)
add('grey_alpha.png', encode(Image.fromarray(la, 'LA'), 'PNG'))
add('grey4bit.png', encode(Image.fromarray((rgb[..., 2] // 17).astype(np.uint8), 'L'), 'PNG', bits=4))
big = smooth_rgb(40, 56)
add('rgb_baseline.jpg', encode(Image.fromarray(big, 'RGB'), 'JPEG', quality=90))
add('rgb_progressive.jpg', encode(Image.fromarray(big, 'RGB'), 'JPEG', quality=75, progressive=True))
add('rgb_420.jpg', encode(Image.fromarray(big[:37, :53], 'RGB'), 'JPEG', quality=85, subsampling=2))
add('grey.jpg', encode(Image.fromarray(big[..., 0], 'L'), 'JPEG', quality=90))


def png_rgb16(a):
    """A 16-bit RGB PNG written by hand (Pillow writes none); Pillow reads it as RGB, high bytes."""
    h, w, _ = a.shape
    raw = b''.join(b'\x00' + a[r].astype('>u2').tobytes() for r in range(h))
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 16, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')


add('rgb16.png', png_rgb16(rng.integers(0, 65536, (6, 5, 3), dtype=np.uint16)))

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    json.dump({'generator': 'scripts/eval/golden_pillow_grey.py', 'pillow': PIL.__version__, 'cases': cases}, f, indent=1)
    f.write('\n')
print(OUT, len(cases), 'cases')
