/**
 * Test data for `experiment`: small synthetic CT-like volumes as PNG folders (a disc whose radius
 * varies along z over a textured background) and a two-class labelled ImageFolder (small vs large
 * disc, grouped by patient folder), all 32×32 so the tiny preset trains in seconds.
 */
import { encode } from 'fast-png';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const S = 32;

function disc(radius: number, shift: number, texture: (x: number, y: number) => number): Uint8Array {
  const px = new Uint8Array(S * S);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) px[y * S + x] = Math.min(255, (Math.hypot(x - 16 - shift, y - 16) < radius ? 200 : 40) + texture(x, y));
  return px;
}

const png = (px: Uint8Array) => encode({ width: S, height: S, data: px, channels: 1, depth: 8 });

/** `<root>/vol<v>/sNNN.png` for v < volumes, each `slices` slices. */
export function writeSyntheticVolumes(root: string, volumes = 2, slices = 40): string[] {
  const names: string[] = [];
  for (let v = 0; v < volumes; v++) {
    const dir = join(root, `vol${v}`);
    mkdirSync(dir, { recursive: true });
    for (let z = 0; z < slices; z++) {
      const radius = 4 + 10 * Math.sin((Math.PI * z) / slices);
      writeFileSync(join(dir, `s${String(z).padStart(3, '0')}.png`), png(disc(radius, v, (x, y) => (x * 7 + y * 13 + z * 5 + v * 3) % 17)));
    }
    names.push(`vol${v}`);
  }
  return names;
}

/** `<root>/<small|large>/p<k>/<i>.png`: `perClass` images per class, `perClass / 2` patients of 2 images each. */
export function writeDiscTask(root: string, perClass = 20): void {
  // Radii 6–8 vs 8–10: the classes overlap at 8, so scores are not all 1.
  for (const [label, base] of [['small', 6], ['large', 8]] as const) {
    for (let i = 0; i < perClass; i++) {
      const dir = join(root, label, `p${Math.floor(i / 2)}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${i}.png`), png(disc(base + (i % 3), 0, (x, y) => (x + y * 3 + i) % 11)));
    }
  }
}
