/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF, a field in double quotes may hold
 * commas, line breaks and `""` for a quote. Each record keeps the line its first field starts on, so a
 * problem in it can be named by line.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

export interface CsvText {
  readonly records: readonly CsvRecord[];
  readonly problems: readonly CsvProblem[];
}

/**
 * Splits the text into records. A leading byte order mark is skipped and an empty last line ignored.
 * Problems (a quote in the middle of an unquoted field, text after a closing quote, a quote never
 * closed) are collected; a record with a problem is left out.
 */
export function readCsv(text: string): CsvText {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let problem: string | undefined;
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < text.length) {
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) {
          problem ??= 'Et felt i anførselstegn er ikke afsluttet';
        } else if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          problem ??= 'Der står tegn efter et afsluttende anførselstegn';
          while (i < text.length && text[i] !== ',' && text[i] !== '\n') i++;
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n') {
          if (text[i] === '"') problem ??= 'Anførselstegn inde i et felt uden anførselstegn';
          if (text[i] === '\r' && text[i + 1] === '\n') break;
          field += text[i] as string;
          i++;
        }
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (problem !== undefined) problems.push({ line: start, message: problem });
    else if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return { records, problems };
}
