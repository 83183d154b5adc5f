/** The text of an uncompressed PDF: pdfkit writes each run as hex in a TJ array. */
export function pdfText(pdf: Buffer): string {
  return [...pdf.toString('latin1').matchAll(/<([0-9a-f]+)>/g)]
    .map((match) => Buffer.from(match[1] ?? '', 'hex').toString('latin1'))
    .join('');
}
