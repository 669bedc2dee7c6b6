"""A tiny MedMNIST-style .npz written by numpy itself (np.savez_compressed: a zip64 archive of .npy
arrays, as the MedMNIST files are), with RGB images, and the grey pixels Pillow's convert('L') gives
for them, for src/core/eval/medmnist.test.ts (ctsieve's reader must give every pixel and label).
Made by numpy and Pillow only, never by ctsieve:
    /usr/bin/python3 scripts/eval/golden_medmnist_npz.py      (Debian python3-numpy 1.24, python3-pil 9.4)
writes tests/fixtures/eval/medmnist_rgb.npz and tests/fixtures/eval/medmnist_rgb.json:
{numpy, pillow, rows, cols, parts: {train|val|test: {labels: [..], grey: base64 of N×rows×cols uint8}}}."""
import base64, json, os
import numpy as np, PIL
from PIL import Image

HERE = os.path.join(os.path.dirname(__file__), '..', '..', 'tests', 'fixtures', 'eval')
rng = np.random.default_rng(11)
ROWS, COLS = 7, 9
arrays, parts = {}, {}
for part, n in [('train', 9), ('val', 3), ('test', 4)]:
    images = rng.integers(0, 256, (n, ROWS, COLS, 3), dtype=np.uint8)
    labels = rng.integers(0, 11, (n, 1)).astype(np.uint8)  # 11 classes, as OrganSMNIST
    arrays[f'{part}_images'], arrays[f'{part}_labels'] = images, labels
    grey = np.stack([np.asarray(Image.fromarray(im, 'RGB').convert('L')) for im in images])
    parts[part] = {'labels': labels.ravel().tolist(), 'grey': base64.b64encode(grey.astype(np.uint8).tobytes()).decode()}
os.makedirs(HERE, exist_ok=True)
np.savez_compressed(os.path.join(HERE, 'medmnist_rgb.npz'), **arrays)
with open(os.path.join(HERE, 'medmnist_rgb.json'), 'w') as f:
    json.dump({'generator': 'scripts/eval/golden_medmnist_npz.py', 'numpy': np.__version__, 'pillow': PIL.__version__, 'rows': ROWS, 'cols': COLS, 'parts': parts}, f, indent=1)
    f.write('\n')
print('wrote', HERE)
