/**
 * Saves bytes or text as a file through a Blob and an object URL (no network): a temporary <a
 * download> is clicked and the URL revoked shortly after.
 */
export function downloadBlob(data: string | Uint8Array, fileName: string, type: string): void {
  // Blob needs ArrayBuffer-backed views; bytes on a SharedArrayBuffer are copied first.
  const part: BlobPart = typeof data === 'string' ? data : data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a short delay is enough.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
