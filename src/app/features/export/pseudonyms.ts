/**
 * Pseudonyms for folder names in exports: `folder-<10 hex>` from HMAC-SHA-256 under a random key
 * made once per browser profile and kept in localStorage (never exported). The same folder gets
 * the same pseudonym in every export from this browser, and without the key a pseudonym cannot be
 * turned back into a name by trying names. Clearing the site's data makes a new key (new pseudonyms).
 */
const KEY_ITEM = 'ctsieve.pseudonymKey';

type KeyStorage = Pick<Storage, 'getItem' | 'setItem'>;

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The profile's pseudonym key (made and saved on first use; session-only without storage). */
export async function pseudonymKey(storage: KeyStorage | undefined = globalThis.localStorage): Promise<CryptoKey> {
  let raw = storage?.getItem(KEY_ITEM);
  if (!raw) {
    raw = toBase64(crypto.getRandomValues(new Uint8Array(32)));
    storage?.setItem(KEY_ITEM, raw);
  }
  return crypto.subtle.importKey('raw', fromBase64(raw) as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** folder name → `folder-<first 10 hex digits of HMAC(key, name)>`. */
export async function pseudonymsFor(names: readonly string[], key: CryptoKey): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of names) {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(name)));
    out.set(name, `folder-${Array.from(mac.subarray(0, 5), (b) => b.toString(16).padStart(2, '0')).join('')}`);
  }
  return out;
}
