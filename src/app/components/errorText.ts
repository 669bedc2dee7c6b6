/**
 * The text of one error row: the file once, then the problem. Core's messages often start with
 * the file already ("a.dcm: not DICOM"), or name it in passing; the row then shows the message
 * alone instead of "a.dcm: a.dcm: not DICOM".
 */
export function errorRow(file: string, message: string): { file?: string; message: string } {
  const base = file.split('/').pop() ?? file;
  for (const prefix of [file, base]) {
    if (prefix && message.startsWith(`${prefix}: `)) return { file, message: message.slice(prefix.length + 2) };
  }
  if (message.includes(file) || (base.length > 3 && message.includes(base))) return { message };
  return { file, message };
}
