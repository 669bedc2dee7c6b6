/**
 * Browser stand-in for Node's `url` module, for @oozcitak/url (pulled in by Cornerstone → vtk.js →
 * xmlbuilder2), which only calls domainToASCII / domainToUnicode. The browser's URL parser does
 * the IDNA conversion. Aliased in vite.config.ts.
 */
export function domainToASCII(domain: string): string {
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return '';
  }
}

export function domainToUnicode(domain: string): string {
  return domain;
}

export default { domainToASCII, domainToUnicode };
